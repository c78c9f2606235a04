import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import type { ProjectContext } from "@/lib/auth/context";
import { traceScores } from "@/lib/scores/trace-scores";
import { makeProject } from "@/lib/testing/factories";
import { traceId } from "@/lib/testing/otlp";
import { createFeedbackKey, feedbackKeyInput, revokeFeedbackKey } from "./feedback-keys";
import { handleFeedback, handleFeedbackPreflight } from "./handle-feedback";
import { RateLimiter } from "./rate-limit";

let ctx: ProjectContext;
let key: string;
let keyId: string;
const trace = traceId();

const post = (body: unknown, headers: Record<string, string> = {}, k = key) =>
  handleFeedback(
    new Request(`http://app.test/api/v1/feedback?key=${k}`, {
      method: "POST",
      headers: { "content-type": "text/plain", ...headers },
      body: JSON.stringify(body),
    }),
  );

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const created = await createFeedbackKey({
    ctx,
    input: feedbackKeyInput.parse({ name: "web", allowedOrigins: ["https://shop.example.com/"], ratePerMinute: 3 }),
  });
  key = created.publicKey;
  keyId = created.id;
});

describe("user feedback endpoint", () => {
  it("records thumbs up/down with a comment as a feedback score, answering CORS for allowed origins", async () => {
    const response = await post(
      { traceId: trace, rating: "down", comment: "made up a refund policy", userId: "u-42" },
      { origin: "https://shop.example.com" },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(await response.json()).toEqual({ accepted: true, pending: true });
    expect(await traceScores({ ctx, traceId: trace })).toEqual([
      expect.objectContaining({
        name: "user_feedback",
        source: "feedback",
        value: 0,
        label: "down",
        comment: "made up a refund policy",
        author: "u-42",
      }),
    ]);
    const preflight = await handleFeedbackPreflight(
      new Request(`http://app.test/api/v1/feedback?key=${key}`, {
        method: "OPTIONS",
        headers: { origin: "https://shop.example.com" },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("refuses other origins, bad keys and bad bodies with clear errors", async () => {
    const foreign = await post({ traceId: trace, rating: "up" }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await handleFeedbackPreflight(
      new Request(`http://app.test/api/v1/feedback?key=${key}`, {
        method: "OPTIONS",
        headers: { origin: "https://evil.example" },
      }),
    );
    expect(preflight.status).toBe(403);
    expect((await post({ traceId: trace, rating: "up" }, {}, "pk-obs-nope")).status).toBe(401);
    expect((await post({ traceId: trace, rating: "up" }, {}, "sk-obs-a-secret-key")).status).toBe(401);
    const bad = await post({ traceId: "xyz", rating: "up" }, { "x-forwarded-for": "10.0.0.9" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/traceId/);
  });

  it("limits the rate per key and client, and stops working once revoked", async () => {
    const client = { "x-forwarded-for": "203.0.113.7" };
    for (let i = 0; i < 3; i += 1) expect((await post({ traceId: trace, rating: "up" }, client)).status).toBe(200);
    const limited = await post({ traceId: trace, rating: "up" }, client);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await post({ traceId: trace, rating: "up" }, { "x-forwarded-for": "203.0.113.8" })).status).toBe(200);
    await revokeFeedbackKey({ ctx, id: keyId });
    expect((await post({ traceId: trace, rating: "up" }, { "x-forwarded-for": "203.0.113.9" })).status).toBe(401);
  });

  it("refills the bucket over time", () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    expect(limiter.take("k", 2, t0).ok).toBe(true);
    expect(limiter.take("k", 2, t0).ok).toBe(true);
    expect(limiter.take("k", 2, t0)).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(limiter.take("k", 2, t0 + 30_000).ok).toBe(true);
  });
});
