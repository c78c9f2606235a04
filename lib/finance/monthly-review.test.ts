import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { ownerInput, putOwner } from "@/lib/alerts/owners";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { putBudgets } from "./budgets";
import { monthRange } from "./margins";
import { closeMonth, monthMargins } from "./month-close";
import { monthlyReview, reviewCsvRows } from "./monthly-review";
import { putRevenue } from "./revenue";

// Feature "chat" of acme, end user u-7: $2.50 in August 2026, $5 in September (gpt-4o input at $2.50 per million).
let ctx: ProjectContext;
const now = new Date(Date.UTC(2026, 9, 5));
const call = (startMs: number, millions: number) => ({
  traceId: traceId(),
  spanId: spanId(),
  name: "chat",
  startMs,
  durationMs: 10,
  attributes: {
    "tenant.id": "acme",
    "feature.name": "chat",
    "user.id": "u-7",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.usage.input_tokens": millions * 1_000_000,
    "gen_ai.usage.output_tokens": 0,
  },
});

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  const spans = [call(Date.UTC(2026, 7, 12), 1), call(Date.UTC(2026, 8, 12), 2)];
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows);
  await putRevenue({ ctx, entries: [{ tenant: "acme", month: "2026-09", revenueUsd: 20 }] });
  // The end user's monthly budget is missed by $2; a weekly one has no month to miss.
  await putBudgets({
    ctx,
    entries: [
      { scope: "feature", subject: "chat", amountUsd: 4 },
      { scope: "user", subject: "u-7", amountUsd: 3 },
      { scope: "tenant", subject: "acme", amountUsd: 1, period: "week" },
    ],
  });
  await putOwner({ ctx, input: ownerInput.parse({ feature: "chat", ownerEmail: "alice@shop.test" }) });
});

describe("monthly review", () => {
  it("holds the same figures as the margins and cost APIs, with movers, budget misses and owners", async () => {
    const review = await monthlyReview({ ctx, month: "2026-09", now });
    const margins = await monthMargins({ ctx, month: "2026-09", now });
    const { from, to } = monthRange("2026-09");
    const cost = await costMetrics({ ctx, query: { from, to, groupBy: ["feature"], feature: "chat" } });
    expect(review.totals).toEqual(margins.totals);
    expect(review.margins).toEqual(margins.data);
    expect(review.movers[0]).toEqual({
      feature: "chat",
      costUsd: cost.totals.costUsd,
      previousCostUsd: 2.5,
      changeUsd: 2.5,
    });
    expect(review.budgetMisses).toEqual([
      { scope: "feature", subject: "chat", amountUsd: 4, spentUsd: 5, overUsd: 1 },
      { scope: "user", subject: "u-7", amountUsd: 3, spentUsd: 5, overUsd: 2 },
    ]);
    expect(review.owners).toMatchObject([
      { owner: "alice@shop.test", feature: "chat", costUsd: 5, previousCostUsd: 2.5, changeUsd: 2.5, openTickets: 0 },
    ]);
    expect((await monthlyReview({ ctx, month: "2026-09", owner: "bob@shop.test", now })).owners).toEqual([]);
    expect(reviewCsvRows(review).find((r) => r.section.startsWith("budget miss"))).toMatchObject({
      name: "feature:chat",
      value_3: "1.000000",
    });
  });

  it("reads a closed month from its snapshot, and refuses roles without finance.read", async () => {
    await closeMonth({ ctx, month: "2026-09", now });
    const review = await monthlyReview({ ctx, month: "2026-09", now });
    expect(review.closed).toMatchObject({ live: { differenceUsd: 0 } });
    expect(review.totals).toMatchObject({ revenueUsd: 20, costUsd: 5, marginUsd: 15 });
    await expect(monthlyReview({ ctx: { ...ctx, role: "engineer" }, month: "2026-09" })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
