import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import type { ProjectContext } from "@/lib/auth/context";
import { marginTrend } from "./margin-trend";
import { margins, marginsCsvRows } from "./margins";
import { costDrilldown, nestCost } from "./cost-drilldown";
import { parseRevenueCsv, putRevenue, revenueForMonth } from "./revenue";

let ctx: ProjectContext;
const at = Date.UTC(2026, 8, 10); // 2026-09

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const t1 = traceId();
  const t2 = traceId();
  const spans: JsonSpan[] = [
    {
      traceId: t1,
      spanId: spanId(),
      name: "a",
      startMs: at,
      durationMs: 10,
      attributes: {
        "tenant.id": "acme",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 2_000_000,
        "gen_ai.usage.output_tokens": 0,
      },
    },
    {
      traceId: t2,
      spanId: spanId(),
      name: "b",
      startMs: at,
      durationMs: 3_600_000,
      attributes: { "tenant.id": "globex", "gpu.type": "H100", "gpu.count": 1 },
    },
  ];
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows);
});

describe("revenue and margins", () => {
  it("refuses a bad CSV whole, naming row and field, and applies nothing", async () => {
    const csv = "tenant,month,revenue_usd\nacme,2026-09,100\nacme,2026-9,50\nglobex,2026-09,abc\nacme,2026-09,7\n";
    await expect(putRevenue({ ctx, entries: parseRevenueCsv(csv), rowOffset: 2 })).rejects.toMatchObject({
      code: "bad_request",
      message: "row 3, month: month must be YYYY-MM",
      details: {
        rejected: [
          { row: 3, field: "month", error: "month must be YYYY-MM" },
          { row: 4, field: "revenueUsd", error: "revenueUsd must be a number" },
          { row: 5, field: "tenant", error: "duplicates row 2 (acme, 2026-09)" },
        ],
      },
    });
    expect(await revenueForMonth(ctx.projectId, "2026-09")).toEqual([]);
    expect(() => parseRevenueCsv("tenant,month\nacme,2026-09\n")).toThrow(/missing revenue_usd/);
  });

  it("computes margin per tenant: revenue − (LLM + GPU cost)", async () => {
    await putRevenue({
      ctx,
      entries: parseRevenueCsv("tenant,month,revenue_usd\nacme,2026-09,100\nglobex,2026-09,2\ninitech,2026-09,10\n"),
      rowOffset: 2,
    });
    const result = await margins({ ctx, month: "2026-09" });
    const byTenant = Object.fromEntries(result.data.map((r) => [r.tenant, r]));
    // acme: 2M gpt-4o input × 2.5 = 5 USD; globex: 1 GPU-hour of H100 at 2.99.
    expect(byTenant.acme).toMatchObject({
      revenueUsd: 100,
      llmCostUsd: 5,
      gpuCostUsd: 0,
      costUsd: 5,
      marginUsd: 95,
      marginPct: 95,
    });
    expect(byTenant.globex).toMatchObject({ revenueUsd: 2, gpuCostUsd: 2.99, marginUsd: -0.99, marginPct: -49.5 });
    expect(byTenant.initech).toMatchObject({ revenueUsd: 10, costUsd: 0, marginUsd: 10, marginPct: 100 });
    expect(result.data[0]?.tenant).toBe("globex"); // lowest margin first
    expect(result.totals).toMatchObject({ revenueUsd: 112, costUsd: 7.99, marginUsd: 104.01 });
  });

  it("previews an upload without applying it, listing every row it would reject", async () => {
    const preview = await putRevenue({
      ctx,
      entries: parseRevenueCsv("tenant,month,revenue_usd\nhooli,2026-08,5\nhooli,2026-08,-1\n"),
      rowOffset: 2,
      dryRun: true,
    });
    expect(preview).toMatchObject({
      dryRun: true,
      accepted: 1,
      rejected: [{ row: 3, field: "revenueUsd", error: "revenueUsd must not be negative" }],
    });
    expect(await revenueForMonth(ctx.projectId, "2026-08")).toEqual([]);
  });

  it("projects the month to date with the weekday pattern, says what each margin is, and draws 12 months of trend", async () => {
    // 2026-09 has 30 days; on the 16th at 00:00 half of it has passed. The only cost of the last
    // 4 weeks is on Thursday the 10th, so the forecast adds the same cost on Thursdays 17 and 24:
    // acme 5 + 2 × 5 = 15, globex 2.99 × 3 = 8.97 (a straight line would say 10 and 5.98).
    const result = await margins({ ctx, month: "2026-09", now: new Date(Date.UTC(2026, 8, 16)) });
    expect(result.projection).toMatchObject({
      elapsedShare: 0.5,
      revenueToDateUsd: 56,
      costUsd: 23.97,
      marginUsd: 88.03,
      underWater: ["globex"],
    });
    expect(result.data.find((r) => r.tenant === "acme")).toMatchObject({
      revenueToDateUsd: 50,
      marginToDateUsd: 45,
      marginToDatePct: 90,
      projectedCostUsd: 15,
      projectedMarginUsd: 85,
      projectedMarginPct: 85,
      underWater: false,
    });
    expect(result.data.find((r) => r.tenant === "globex")).toMatchObject({ projectedCostUsd: 8.97, underWater: true });
    expect((await margins({ ctx, month: "2026-09", now: new Date(Date.UTC(2026, 10, 1)) })).projection).toBeNull();
    expect(marginsCsvRows(result.data).find((r) => r.tenant === "acme")).toMatchObject({
      revenue_usd: "100.00",
      cost_usd: "5.000000",
      margin_pct: "95.00",
      projected_cost_usd: "15.000000",
      under_water: "no",
    });

    const trend = await marginTrend({ ctx, month: "2026-10" });
    expect(trend).toHaveLength(12);
    expect(trend[0]?.month).toBe("2025-11");
    expect(trend.find((m) => m.month === "2026-09")).toEqual({
      month: "2026-09",
      revenueUsd: 112,
      costUsd: 7.99,
      marginUsd: 104.01,
      marginPct: 92.866071,
    });
    expect(trend.find((m) => m.month === "2026-10")).toMatchObject({ revenueUsd: 0, costUsd: 0, marginPct: null });

    // The case: cost so far well under revenue (a "healthy" margin %), projected cost above it.
    await putRevenue({ ctx, entries: [{ tenant: "acme", month: "2026-09", revenueUsd: 12 }] });
    const acme = (await margins({ ctx, month: "2026-09", now: new Date(Date.UTC(2026, 8, 16)) })).data.find(
      (r) => r.tenant === "acme",
    );
    expect(acme).toMatchObject({
      marginPct: 58.333333,
      projectedCostUsd: 15,
      projectedMarginUsd: -3,
      underWater: true,
    });
    expect(acme?.marginToDatePct).toBeCloseTo(16.666667, 5);
  });

  it("drills the month's cost down tenant → feature → model, largest first, with sums at each level", async () => {
    const { data } = await costDrilldown({ ctx, month: "2026-09" });
    expect(data.map((t) => [t.name, t.costUsd])).toEqual([
      ["acme", 5],
      ["globex", 2.99],
    ]);
    expect(data[0]?.children?.[0]?.children).toEqual([{ name: "gpt-4o", costUsd: 5 }]);
    expect(
      nestCost([
        { tenant: "t", feature: "f", model: "a", costUsd: 1 },
        { tenant: "t", feature: "f", model: "b", costUsd: 2 },
        { tenant: "t", feature: "g", model: "a", costUsd: 0.5 },
      ]),
    ).toEqual([
      {
        name: "t",
        costUsd: 3.5,
        children: [
          {
            name: "f",
            costUsd: 3,
            children: [
              { name: "b", costUsd: 2 },
              { name: "a", costUsd: 1 },
            ],
          },
          { name: "g", costUsd: 0.5, children: [{ name: "a", costUsd: 0.5 }] },
        ],
      },
    ]);
    await expect(costDrilldown({ ctx: { ...ctx, role: "engineer" }, month: "2026-09" })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
