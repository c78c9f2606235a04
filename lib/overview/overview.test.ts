import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { handleExport } from "@/ingest/http/handle-export";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, postJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { overview, overviewWindows } from "./overview";
import { waitApplied } from "@/lib/testing/wait-applied";

// The Overview's figures from the rollups against what was sent: requests are root spans, error
// rate over them, latency percentiles of the roots, cost as the cost API has it for the same
// window, a feature's cache hit rate that fell against its own last week in "needs attention".

const now = new Date(Date.UTC(2026, 10, 20, 12, 30));
const HOUR = 3_600_000;

function request(
  at: number,
  feature: string,
  durationMs: number,
  failed: boolean,
  usage: { input: number; cached?: number } | null,
): JsonSpan[] {
  const trace = traceId();
  const root = spanId();
  const spans: JsonSpan[] = [
    {
      traceId: trace,
      spanId: root,
      name: `${feature} request`,
      startMs: at,
      durationMs,
      attributes: { "feature.name": feature },
      ...(failed ? { status: { code: 2, message: "boom" } } : {}),
    },
  ];
  if (usage) {
    spans.push({
      traceId: trace,
      spanId: spanId(),
      parentSpanId: root,
      name: "chat",
      startMs: at + 1,
      durationMs: Math.max(1, durationMs - 2),
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": usage.input,
        "gen_ai.usage.output_tokens": 10,
        ...(usage.cached ? { "gen_ai.usage.cache_read.input_tokens": usage.cached } : {}),
      },
    });
  }
  return spans;
}

let ctx: ProjectContext;

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const key = (await createApiKey({ ctx, input: { name: "overview" } })).secretKey;
  const spans: JsonSpan[] = [];
  // The last 24 h: checkout 10 requests (2 failed, 100..1000 ms), search 4 requests without usage.
  for (let i = 0; i < 10; i++)
    spans.push(
      ...request(now.getTime() - (i + 1) * HOUR, "checkout", (i + 1) * 100, i < 2, { input: 20_000, cached: 2_000 }),
    );
  for (let i = 0; i < 4; i++) spans.push(...request(now.getTime() - (i + 2) * HOUR, "search", 50, false, null));
  // The 24 h before: 5 checkout requests, none failed.
  for (let i = 0; i < 5; i++)
    spans.push(...request(now.getTime() - (30 + i) * HOUR, "checkout", 200, false, { input: 20_000, cached: 10_000 }));
  // The week before last: checkout cached half its input (now a tenth).
  for (let i = 0; i < 5; i++)
    spans.push(
      ...request(now.getTime() - (8 * 24 + i) * HOUR, "checkout", 200, false, { input: 20_000, cached: 10_000 }),
    );
  const response = await handleExport(postJson("http://localhost", key, otlpJson(spans)));
  expect(response.status).toBe(200);
  await waitApplied();
});

describe("overview", () => {
  it("counts requests, errors and latency of the roots, and prices the period as the cost API does", async () => {
    const result = await overview({ ctx, period: "24h", now });
    expect(result.totals).toMatchObject({ requests: 14, errors: 2, inputTokens: 200_000, outputTokens: 100 });
    expect(result.totals.errorRate).toBeCloseTo(2 / 14, 6);
    expect(result.totals.cacheHitRate).toBeCloseTo(0.1, 6);
    expect(result.totals.p99Ms).toBeGreaterThanOrEqual(900);
    expect(result.totals.p50Ms).toBeGreaterThan(50);
    expect(result.totals.p50Ms).toBeLessThan(600);
    const { current } = overviewWindows("24h", now);
    const cost = await costMetrics({ ctx, query: { from: current.from, to: current.to, groupBy: [] } });
    expect(cost.totals.costUsd).toBeGreaterThan(0);
    expect(result.totals.costUsd).toBeCloseTo(cost.totals.costUsd, 9);
    expect(result.totals.costPerRequestUsd).toBeCloseTo(cost.totals.costUsd / 14, 9);
    expect(result.previousTotals).toMatchObject({ requests: 5, errors: 0 });
  });

  it("lists each feature with its requests, error rate, p95 and cost", async () => {
    const result = await overview({ ctx, period: "24h", now });
    const checkout = result.features.find((f) => f.feature === "checkout")!;
    const search = result.features.find((f) => f.feature === "search")!;
    expect(checkout).toMatchObject({ requests: 10, owner: null });
    expect(checkout.errorRate).toBeCloseTo(0.2, 6);
    expect(checkout.p95Ms).toBeGreaterThanOrEqual(800);
    expect(search).toMatchObject({ requests: 4, costUsd: 0, errorRate: 0 });
    expect(result.features[0]!.feature).toBe("checkout"); // the costliest first
  });

  it("charts every bucket of the period, empty ones too", async () => {
    const result = await overview({ ctx, period: "24h", now });
    expect(result.chart.interval).toBe("hour");
    expect(result.chart.points).toHaveLength(24);
    expect(result.chart.points.reduce((n, p) => n + Number(p.requests), 0)).toBe(14);
  });

  it("says a feature's cache hit rate fell against its own last week", async () => {
    const result = await overview({ ctx, period: "24h", now });
    const drop = result.attention.find((a) => a.kind === "cache_drop");
    expect(drop).toMatchObject({ kind: "cache_drop", feature: "checkout" });
    if (drop?.kind === "cache_drop") {
      expect(drop.weekBefore).toBeCloseTo(0.5, 6);
      expect(drop.lastWeek).toBeLessThan(0.3);
    }
  });

  it("answers empty figures for a project without traffic", async () => {
    const result = await overview({ ctx: await makeProject(), period: "7d", now });
    expect(result.totals).toMatchObject({
      requests: 0,
      errorRate: null,
      p95Ms: null,
      costUsd: 0,
      costPerRequestUsd: null,
    });
    expect(result.features).toEqual([]);
    // Only the starter rules that have no channel yet: they would reach nobody.
    expect(result.attention).toEqual([
      {
        kind: "silent",
        rules: expect.arrayContaining([
          expect.objectContaining({ rule: "Error rate above 5 %", reason: "no channel: its pages reach nobody" }),
        ]) as unknown,
      },
    ]);
  });
});
