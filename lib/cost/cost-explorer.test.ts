import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { breakdownCsvRows, costExplorer, explorerParams } from "./cost-explorer";
import { costMetrics } from "./cost-metrics";

const DAY = 86_400_000;
const now = new Date(Date.UTC(2026, 9, 30, 12, 30));
let ctx: ProjectContext;

// One gpt-4o call with 1M input tokens costs 2.50 USD at the default price.
const call = (feature: string, daysAgo: number): JsonSpan => ({
  traceId: traceId(),
  spanId: spanId(),
  name: "chat",
  startMs: now.getTime() - daysAgo * DAY,
  durationMs: 100,
  attributes: {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.usage.input_tokens": 1_000_000,
    "gen_ai.usage.output_tokens": 0,
    "feature.name": feature,
  },
});

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const spans = [
    ...[1, 2, 3, 4, 5, 6].map((d) => call("search", d)), // last week: 6 calls
    ...[8, 9].map((d) => call("search", d)), // week before: 2 calls
    call("chat", 2), // new this week
    call("export", 20),
    ...[31, 35, 40, 50].map((d) => call("search", d)), // previous 30 days
  ];
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows);
});

describe("cost explorer", () => {
  it("breaks the period down with shares, change against the previous period, Pareto and week-over-week flags", async () => {
    const result = await costExplorer({ ctx, params: explorerParams.parse({ range: "30d", by: "feature" }), now });
    expect(result.totals.costUsd).toBeCloseTo(25, 10);
    expect(result.previousTotals.costUsd).toBeCloseTo(10, 10);
    expect(result.changePct).toBeCloseTo(150, 10);
    const rows = Object.fromEntries(result.breakdown.map((r) => [r.key, r]));
    expect(result.breakdown.map((r) => r.key)).toEqual(["search", "chat", "export"]); // ties by name
    expect(rows.search).toMatchObject({ share: 0.8, previousCostUsd: 10, changePct: 100 });
    expect(rows.search?.wow).toMatchObject({ lastWeekUsd: 15, weekBeforeUsd: 5, changePct: 200, flagged: true });
    expect(rows.chat?.wow).toMatchObject({ lastWeekUsd: 2.5, weekBeforeUsd: 0, changePct: null, flagged: true });
    expect(rows.chat?.changePct).toBeNull();
    expect(rows.export?.wow.flagged).toBe(false);
    expect(result.pareto).toEqual({ groups: 3, groupsFor80Pct: 1, shareOfGroups: 1 / 3 });
    expect(result.flagged).toBe(2);
  });

  it("draws a gap-free daily series whose points add up to the total", async () => {
    const result = await costExplorer({ ctx, params: explorerParams.parse({ range: "30d", by: "feature" }), now });
    expect(result.interval).toBe("day");
    expect(result.series.points).toHaveLength(31); // a partial first day, 29 whole days, today
    const sum = result.series.points.reduce(
      (s, p) => s + result.series.keys.reduce((t, k) => t + Number((p as Record<string, unknown>)[k] ?? 0), 0),
      0,
    );
    expect(sum).toBeCloseTo(25, 10);
  });

  it("filters and falls back to defaults for malformed URL values", async () => {
    const params = explorerParams.parse({ range: "1y", by: "nonsense", feature: "search", kind: "bogus" });
    expect(params).toMatchObject({ range: "30d", by: "feature", feature: "search", kind: undefined });
    const result = await costExplorer({ ctx, params, now });
    expect(result.breakdown.map((r) => r.key)).toEqual(["search"]);
    expect(breakdownCsvRows(result)[0]).toMatchObject({
      feature: "search",
      cost_usd: "20.000000",
      share_pct: "100.00",
      change_pct: "100.00",
      wow_flag: "yes",
    });
  });

  it("prices a model that first appears after the model names were cached", async () => {
    const range = { from: new Date(now.getTime() - 30 * DAY), to: now, groupBy: ["model" as const] };
    expect((await costMetrics({ ctx, query: range })).data.map((r) => r.model)).toEqual(["gpt-4o"]);
    const { rows } = normalizeAll(
      ctx.projectId,
      decodeJson(
        JSON.stringify(
          otlpJson([
            {
              ...call("search", 1),
              attributes: { ...call("search", 1).attributes, "gen_ai.request.model": "gpt-4o-mini" },
            },
          ]),
        ),
      ),
      { tenantKeys: [], featureKeys: [], payloadCapBytes: 4096 },
    );
    await new BatchWriter({ lingerMs: 0 }).write(rows);
    const after = await costMetrics({ ctx, query: range });
    expect(after.unpriced).toEqual([]);
    expect(after.data.find((r) => r.model === "gpt-4o-mini")?.costUsd).toBeCloseTo(0.15, 10); // 1M input × 0.15 USD
  });
});
