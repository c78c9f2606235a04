import { describe, expect, it } from "vitest";
import { compareArms, MIN_REQUESTS, type Request } from "./release-verdict";

const request = (over: Partial<Request> = {}): Request => ({
  failed: false,
  latencyMs: 100,
  tokens: 10,
  costUsd: 0.001,
  scores: {},
  ...over,
});
const many = (n: number, make: (i: number) => Partial<Request>) =>
  Array.from({ length: n }, (_, i) => request(make(i)));

describe("release verdict", () => {
  it("is worse when the candidate's scores are significantly lower, better when its latency is lower", () => {
    const base = many(100, (i) => ({ latencyMs: 200 + i, scores: { judge: 0.8 + (i % 10) / 100 } }));
    const lowerScores = many(100, (i) => ({ latencyMs: 200 + i, scores: { judge: 0.5 + (i % 10) / 100 } }));
    const result = compareArms(base, lowerScores);
    expect(result.tests.scores.judge).toMatchObject({ significant: true, direction: "worse" });
    expect(result.baseline.scores.judge).toEqual({ mean: expect.closeTo(0.845, 12) as number, n: 100 });
    expect(result.verdict).toBe("worse");
    const faster = many(100, (i) => ({ latencyMs: 100 + i, scores: { judge: 0.8 + (i % 10) / 100 } }));
    expect(compareArms(base, faster)).toMatchObject({ verdict: "better", tests: { latency: { direction: "better" } } });
  });

  it("has not enough data under the minimum on either side, and sums per request", () => {
    const result = compareArms(
      many(MIN_REQUESTS, () => ({})),
      many(MIN_REQUESTS - 1, () => ({ failed: true })),
    );
    expect(result.verdict).toBe("not_enough_data");
    expect(result.candidate).toMatchObject({ requests: 49, errors: 49, errorRate: 1, tokensPerRequest: 10 });
    expect(result.baseline.costPerRequestUsd).toBeCloseTo(0.001, 12);
    expect(compareArms([], []).baseline).toMatchObject({ requests: 0, errorRate: null, latencyP50Ms: null });
  });
});
