import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { POST as postMetrics } from "@/app/v1/metrics/route";
import { handleExport } from "@/ingest/http/handle-export";
import { gaugeMetric, otlpMetricsJson } from "@/ingest/otlp/build-metrics-json";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { belowMarginFloor } from "@/lib/domain/finance/margin-floor";
import { margins } from "@/lib/finance/margins";
import { writeScores } from "@/lib/scores/write-scores";
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
  const scores: Array<{ traceId: string; name: string; value?: number; label?: string }> = [];
  // The last 24 h: checkout 10 requests (2 failed, 100..1000 ms) scored 0.6 and labelled, search 4 requests without usage.
  for (let i = 0; i < 10; i++) {
    const call = request(now.getTime() - (i + 1) * HOUR, "checkout", (i + 1) * 100, i < 2, {
      input: 20_000,
      cached: 2_000,
    });
    spans.push(...call);
    scores.push({ traceId: call[0]!.traceId, name: "correctness", value: 0.6 });
    scores.push({ traceId: call[0]!.traceId, name: "tone", label: "curt" });
  }
  for (let i = 0; i < 4; i++) spans.push(...request(now.getTime() - (i + 2) * HOUR, "search", 50, false, null));
  // The 24 h before: 5 checkout requests, none failed.
  for (let i = 0; i < 5; i++)
    spans.push(...request(now.getTime() - (30 + i) * HOUR, "checkout", 200, false, { input: 20_000, cached: 10_000 }));
  // The week before last: checkout cached half its input (now a tenth).
  for (let i = 0; i < 5; i++)
    spans.push(
      ...request(now.getTime() - (8 * 24 + i) * HOUR, "checkout", 200, false, { input: 20_000, cached: 10_000 }),
    );
  // Support, outside both 24 h periods: scored 0.5 three days ago, 0.8 the week before.
  for (const [daysAgo, value] of [
    [3, 0.5],
    [9, 0.8],
  ] as const) {
    for (let i = 0; i < 10; i++) {
      const call = request(now.getTime() - daysAgo * 24 * HOUR - i * HOUR, "support", 80, false, null);
      spans.push(...call);
      scores.push({ traceId: call[0]!.traceId, name: "correctness", value });
    }
  }
  const response = await handleExport(postJson("http://localhost", key, otlpJson(spans)));
  expect(response.status).toBe(200);
  await waitApplied();
  await writeScores({ ctx, items: scores });
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
    expect(result.chart.points.every((p) => p.gpuUtilization === null && p.gpuHours === 0)).toBe(true);
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

  it("prices the previous period and each feature as the cost API does", async () => {
    const result = await overview({ ctx, period: "24h", now });
    const { current, previous } = overviewWindows("24h", now);
    const before = await costMetrics({ ctx, query: { from: previous.from, to: previous.to, groupBy: [] } });
    expect(before.totals.costUsd).toBeGreaterThan(0);
    expect(result.previousTotals.costUsd).toBeCloseTo(before.totals.costUsd, 9);
    expect(result.previousTotals.inputTokens).toBe(100_000);
    expect(result.previousTotals.cacheHitRate).toBeCloseTo(0.5, 6);
    const byFeature = await costMetrics({ ctx, query: { from: current.from, to: current.to, groupBy: ["feature"] } });
    for (const row of byFeature.data)
      expect(result.features.find((f) => f.feature === row.feature)?.costUsd).toBeCloseTo(row.costUsd, 9);
    expect(result.chart.points.reduce((n, p) => n + Number(p.costUsd), 0)).toBeCloseTo(result.totals.costUsd, 9);
    expect(result.unpricedModels).toBe(0);
  });

  it("names the main scores, charts them and gives each feature its main score", async () => {
    const result = await overview({ ctx, period: "24h", now });
    expect(result.chart.scores).toEqual(["correctness"]); // "tone" has labels only
    const scored = result.chart.points.filter((p) => p["score:correctness"] !== null);
    expect(scored).toHaveLength(10);
    for (const p of scored) expect(p["score:correctness"]).toBeCloseTo(0.6, 9);
    expect(result.features.find((f) => f.feature === "checkout")).toMatchObject({ qualityScore: "correctness" });
    expect(result.features.find((f) => f.feature === "checkout")!.quality).toBeCloseTo(0.6, 9);
    expect(result.features.find((f) => f.feature === "search")!.quality).toBeNull();
  });

  it("says a feature's main score fell against its own last week", async () => {
    const result = await overview({ ctx, period: "24h", now });
    const drop = result.attention.find((a) => a.kind === "quality_drop");
    expect(drop).toMatchObject({ kind: "quality_drop", feature: "support", score: "correctness" });
    if (drop?.kind === "quality_drop") {
      expect(drop.lastWeek).toBeCloseTo(0.5, 9);
      expect(drop.weekBefore).toBeCloseTo(0.8, 9);
    }
  });

  it("lists the tenants under water this month for roles that read finance only", async () => {
    const month = await margins({ ctx, month: "2026-11", now });
    const under = month.data.filter((r) => belowMarginFloor(r));
    expect(under.length).toBeGreaterThan(0);
    const result = await overview({ ctx, period: "24h", now });
    expect(result.attention.filter((a) => a.kind === "margin")).toEqual(
      under.map((r) => ({
        kind: "margin",
        tenant: r.tenant,
        marginPct: r.marginPct,
        costUsd: r.costUsd,
        revenueUsd: r.revenueUsd,
      })),
    );
    const viewer = await overview({ ctx: { ...ctx, role: "viewer" }, period: "24h", now });
    expect(viewer.attention.filter((a) => a.kind === "margin")).toEqual([]);
  });

  it("charts the last 12 hours for one hour, and totals only that hour against the one before", async () => {
    const result = await overview({ ctx, period: "1h", now });
    expect(result.chart.points).toHaveLength(12);
    expect(result.chart.points.reduce((n, p) => n + Number(p.requests), 0)).toBe(14);
    expect(result.totals).toMatchObject({ requests: 0, costUsd: 0 });
    // 11:30, the last checkout request (a failed one), is the hour before.
    expect(result.previousTotals).toMatchObject({ requests: 1, errors: 1, inputTokens: 20_000 });
  });

  it("counts the models it could not price, as the cost API does", async () => {
    const other = await makeProject();
    const key = (await createApiKey({ ctx: other, input: { name: "unpriced" } })).secretKey;
    const call = request(now.getTime() - HOUR, "labs", 100, false, { input: 50 });
    call[1]!.attributes!["gen_ai.request.model"] = "acme-llm-9";
    expect((await handleExport(postJson("http://localhost", key, otlpJson(call)))).status).toBe(200);
    await waitApplied();
    const result = await overview({ ctx: other, period: "24h", now });
    const { current } = overviewWindows("24h", now);
    const cost = await costMetrics({ ctx: other, query: { from: current.from, to: current.to, groupBy: [] } });
    expect(cost.unpriced).toHaveLength(1);
    expect(result.unpricedModels).toBe(1);
    expect(result.totals).toMatchObject({ requests: 1, inputTokens: 50, costUsd: 0 });
  });

  it("charts GPU-hours from GPU spans and utilization from GPU gauges, per bucket", async () => {
    const gpuCtx = await makeProject();
    const key = (await createApiKey({ ctx: gpuCtx, input: { name: "gpu" } })).secretKey;
    const at = now.getTime() - 3 * HOUR; // 09:30, in the 09:00 bucket
    const span: JsonSpan = {
      traceId: traceId(),
      spanId: spanId(),
      name: "fine-tune step",
      startMs: at,
      durationMs: 1_800_000,
      attributes: { "gpu.type": "H100", "gpu.count": 2 },
    };
    expect((await handleExport(postJson("http://localhost", key, otlpJson([span])))).status).toBe(200);
    const gauges = otlpMetricsJson(
      [
        gaugeMetric("hw.gpu.utilization", "1", [{ timeMs: at, value: 0.5, attributes: { "hw.id": "GPU-1" } }]),
        gaugeMetric("DCGM_FI_DEV_GPU_UTIL", "", [{ timeMs: at + 60_000, value: 70, attributes: { gpu: "1" } }]),
      ],
      { "host.name": "gpu-host" },
    );
    const metrics = await postMetrics(
      new Request("http://test/v1/metrics", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(gauges),
      }),
    );
    expect(metrics.status).toBe(200);
    await waitApplied();
    const result = await overview({ ctx: gpuCtx, period: "24h", now });
    const bucket = new Date(Math.floor(at / HOUR) * HOUR).toISOString();
    const point = result.chart.points.find((p) => p.bucket === bucket)!;
    expect(point.gpuUtilization).toBeCloseTo(0.6, 9); // the mean of 50 % and 70 %
    expect(Number(point.gpuHours)).toBeCloseTo(result.totals.gpuHours, 9);
    expect(result.totals.gpuHours).toBeGreaterThan(0);
    expect(result.chart.points.filter((p) => p.gpuUtilization !== null)).toHaveLength(1);
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
