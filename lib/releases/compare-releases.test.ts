import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { compareReleases, releaseQuery } from "./compare-releases";

// Seeded traffic: on feature "checkout" version B (gpt-4.1) fails twice as often as A (gpt-4o)
// on 1,000 requests each; on "search" B has 20 requests; per service.version the two halves of
// "profile" behave alike.

let ctx: ProjectContext;
const now = Date.now();

function requestSpan(feature: string, model: string, i: number, failed: boolean): JsonSpan {
  return {
    traceId: traceId(),
    spanId: spanId(),
    name: "chat",
    startMs: now - 3_600_000 + i * 1000,
    durationMs: 200 + (i % 40) * 10,
    status: failed ? { code: 2, message: "boom" } : { code: 1 },
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": model,
      "feature.name": feature,
      "gen_ai.usage.input_tokens": 100,
      "gen_ai.usage.output_tokens": 20,
    },
  };
}

async function write(spans: JsonSpan[], resource: Record<string, string> = { "service.name": "shop" }) {
  const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 4096 };
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans, resource))), settings);
  await new BatchWriter({ lingerMs: 0 }).write(rows);
}

const period = { from: new Date(now - 7_200_000).toISOString(), to: new Date(now + 60_000).toISOString() };

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  await write([
    ...range(1000).map((i) => requestSpan("checkout", "gpt-4o", i, i % 20 === 0)),
    ...range(1000).map((i) => requestSpan("checkout", "gpt-4.1", i, i % 10 === 0)),
    ...range(200).map((i) => requestSpan("search", "gpt-4o", i, false)),
    ...range(20).map((i) => requestSpan("search", "gpt-4.1", i, i % 2 === 0)),
  ]);
  await write(
    range(80).map((i) => requestSpan("profile", "gpt-4o-mini", i, i % 8 === 0)),
    { "service.version": "1.4.0" },
  );
  await write(
    range(80).map((i) => requestSpan("profile", "gpt-4o-mini", i, i % 8 === 0)),
    { "service.version": "1.5.0" },
  );
});

describe("release comparison", () => {
  it("finds version B worse where it fails twice as often, and has not enough data on 20 requests", async () => {
    const result = await compareReleases({
      ctx,
      query: releaseQuery.parse({ by: "model", baseline: "gpt-4o", candidate: "gpt-4.1", ...period }),
    });
    const checkout = result.features.find((f) => f.feature === "checkout")!;
    expect(checkout.baseline).toMatchObject({ requests: 1000, errors: 50, errorRate: 0.05, tokensPerRequest: 120 });
    expect(checkout.candidate).toMatchObject({ requests: 1000, errors: 100, errorRate: 0.1 });
    // Pooled 7.5 %: z = 0.05 / sqrt(0.075 · 0.925 · 2 / 1000) = 4.2486.
    expect(checkout.tests.errorRate!.z).toBeCloseTo(0.05 / Math.sqrt((0.075 * 0.925 * 2) / 1000), 10);
    expect(checkout.tests.errorRate!.direction).toBe("worse");
    expect(checkout.tests.latency!.significant).toBe(false);
    expect(checkout.verdict).toBe("worse");
    expect(checkout.baseline.latencyP50Ms).toBe(checkout.candidate.latencyP50Ms);
    // 100 input and 20 output tokens of gpt-4o at 2.50 / 10 USD per million.
    expect(checkout.baseline.costPerRequestUsd).toBeCloseTo((100 * 2.5 + 20 * 10) / 1e6, 12);

    const search = result.features.find((f) => f.feature === "search")!;
    expect(search.candidate.requests).toBe(20);
    expect(search.verdict).toBe("not_enough_data");
    expect(result.overall.verdict).toBe("worse");
  });

  it("compares by any attribute, here the resource's service.version", async () => {
    const result = await compareReleases({
      ctx,
      query: releaseQuery.parse({
        by: "attribute",
        key: "service.version",
        baseline: "1.4.0",
        candidate: "1.5.0",
        ...period,
      }),
    });
    expect(result.features.map((f) => [f.feature, f.baseline.requests, f.candidate.requests, f.verdict])).toEqual([
      ["profile", 80, 80, "same"],
    ]);
  });

  it("names the field of a bad query", () => {
    const issue = (input: object) => releaseQuery.safeParse({ ...period, ...input }).error?.issues[0]?.path;
    expect(issue({ by: "prompt", baseline: "1", candidate: "2" })).toEqual(["key"]);
    expect(issue({ by: "model", baseline: "a", candidate: "a" })).toEqual(["candidate"]);
    expect(issue({ by: "version", baseline: "a", candidate: "b" })).toEqual(["by"]);
  });
});
