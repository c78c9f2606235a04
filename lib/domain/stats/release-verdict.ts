import { mannWhitneyU, quantile, twoProportionZTest, type TestResult } from "./significance";

// One feature's requests under the baseline and the candidate version, summed up and compared:
// error rate by a two-proportion z-test, latency and each score by Mann–Whitney U. The verdict
// is "worse" when any of them is significantly worse for the candidate, "better" when one is
// significantly better and none worse, "not_enough_data" under the minimum sample on a side.

export const MIN_REQUESTS = 50;
export const MIN_SCORES = 10;
export const ALPHA = 0.05;

export type Request = {
  failed: boolean;
  latencyMs: number;
  tokens: number;
  costUsd: number | null;
  scores: Record<string, number>;
};
export type Verdict = "better" | "worse" | "same" | "not_enough_data";

export type ArmSummary = {
  requests: number;
  errors: number;
  errorRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  tokensPerRequest: number | null;
  costPerRequestUsd: number | null;
  scores: Record<string, { mean: number; n: number }>;
};
type Test = (TestResult & { significant: boolean; direction: "better" | "worse" | "none" }) | null;
export type Comparison = {
  baseline: ArmSummary;
  candidate: ArmSummary;
  tests: { errorRate: Test; latency: Test; scores: Record<string, Test> };
  verdict: Verdict;
};

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function summarize(requests: Request[]): ArmSummary {
  const latencies = requests.map((r) => r.latencyMs);
  const errors = requests.filter((r) => r.failed).length;
  const names = [...new Set(requests.flatMap((r) => Object.keys(r.scores)))].sort();
  const scores: ArmSummary["scores"] = {};
  for (const name of names) {
    const values = requests.flatMap((r) => (name in r.scores ? [r.scores[name]!] : []));
    scores[name] = { mean: mean(values)!, n: values.length };
  }
  const costs = requests.flatMap((r) => (r.costUsd === null ? [] : [r.costUsd]));
  return {
    requests: requests.length,
    errors,
    errorRate: requests.length ? errors / requests.length : null,
    latencyP50Ms: quantile(latencies, 0.5),
    latencyP95Ms: quantile(latencies, 0.95),
    tokensPerRequest: mean(requests.map((r) => r.tokens)),
    costPerRequestUsd: requests.length && costs.length ? costs.reduce((a, b) => a + b, 0) / requests.length : null,
    scores,
  };
}

/** `higherIsWorse`: for error rate and latency a positive z (candidate higher) is worse. */
function judged(result: TestResult | null, higherIsWorse: boolean): Test {
  if (!result) return null;
  const significant = result.pValue < ALPHA && result.z !== 0;
  const worse = higherIsWorse ? result.z > 0 : result.z < 0;
  return { ...result, significant, direction: significant ? (worse ? "worse" : "better") : "none" };
}

export function compareArms(baseline: Request[], candidate: Request[]): Comparison {
  const b = summarize(baseline);
  const c = summarize(candidate);
  const scoreTests: Record<string, Test> = {};
  for (const name of Object.keys({ ...b.scores, ...c.scores })) {
    const values = (rs: Request[]) => rs.flatMap((r) => (name in r.scores ? [r.scores[name]!] : []));
    const x = values(baseline);
    const y = values(candidate);
    scoreTests[name] = x.length >= MIN_SCORES && y.length >= MIN_SCORES ? judged(mannWhitneyU(x, y), false) : null;
  }
  const tests = {
    errorRate: judged(twoProportionZTest(b.errors, b.requests, c.errors, c.requests), true),
    latency: judged(
      mannWhitneyU(
        baseline.map((r) => r.latencyMs),
        candidate.map((r) => r.latencyMs),
      ),
      true,
    ),
    scores: scoreTests,
  };
  const all = [tests.errorRate, tests.latency, ...Object.values(scoreTests)];
  const verdict: Verdict =
    b.requests < MIN_REQUESTS || c.requests < MIN_REQUESTS
      ? "not_enough_data"
      : all.some((t) => t?.direction === "worse")
        ? "worse"
        : all.some((t) => t?.direction === "better")
          ? "better"
          : "same";
  return { baseline: b, candidate: c, tests, verdict };
}
