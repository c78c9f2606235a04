import "server-only";
import { z } from "zod";
import type { ProjectContext } from "@/lib/auth/context";
import { requirePermission } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { dayKey, forecastBudget, forecastHistoryStart } from "@/lib/domain/finance/budget-forecast";
import { MONTH, revenueForMonth } from "./revenue";

export const marginsQuery = z.object({ month: z.string().regex(MONTH, "month must be YYYY-MM") });

export type TenantMargin = {
  tenant: string;
  revenueUsd: number;
  llmCostUsd: number;
  gpuCostUsd: number;
  costUsd: number;
  marginUsd: number;
  marginPct: number | null;
  /** Cost above revenue: the month's cost (closed months) or its projected cost (the current month). */
  underWater: boolean;
  /** Current month only: revenue × share of the month elapsed, and the margin against it. */
  revenueToDateUsd?: number;
  marginToDateUsd?: number;
  marginToDatePct?: number | null;
  /** Current month only: the cost forecast to the month's end (as budgets: run rate × weekday pattern). */
  projectedCostUsd?: number;
  projectedMarginUsd?: number;
  projectedMarginPct?: number | null;
};

/** Money and percentages to a millionth: sums of floats otherwise show their noise. */
export const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** The calendar month `YYYY-MM` as [from, to). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return { from: new Date(Date.UTC(year, m - 1, 1)), to: new Date(Date.UTC(year, m, 1)) };
}

export const marginPct = (revenue: number, margin: number) => (revenue > 0 ? round((margin / revenue) * 100) : null);

/** Per tenant, the cost forecast to the month's end from daily cost (`forecastBudget`, as budgets). */
async function projectedCosts(ctx: ProjectContext, now: Date): Promise<Map<string, number>> {
  const daily = await costMetrics({
    ctx,
    query: { from: forecastHistoryStart(now), to: now, interval: "day", groupBy: ["tenant"] },
  });
  const byTenant = new Map<string, Record<string, number>>();
  for (const c of daily.data) {
    const days = byTenant.get(c.tenant ?? "") ?? {};
    const day = dayKey(new Date(c.bucket!).getTime());
    days[day] = (days[day] ?? 0) + c.costUsd;
    byTenant.set(c.tenant ?? "", days);
  }
  return new Map(
    [...byTenant].map(([tenant, days]) => [tenant, forecastBudget({ now, amountUsd: 0, daily: days }).forecastUsd]),
  );
}

/**
 * Per tenant for one month: revenue against LLM and GPU cost, margin and margin %. For the
 * current month, figures that say what they are: the revenue share to date and the margin
 * against it, and the cost projected to the month's end (run rate × weekday pattern of the last
 * 4 weeks) with the margin it leaves; "under water" when the (projected) cost exceeds revenue.
 */
export async function margins({ ctx, month, now = new Date() }: { ctx: ProjectContext; month: string; now?: Date }) {
  requirePermission(ctx, "finance.read");
  const { from, to } = monthRange(month);
  const elapsed = now > from && now < to;
  const [cost, revenue, projected] = await Promise.all([
    costMetrics({ ctx, query: { from, to, groupBy: ["tenant", "gpuType"] } }),
    revenueForMonth(ctx.projectId, month),
    elapsed ? projectedCosts(ctx, now) : null,
  ]);
  return {
    month,
    ...monthMargins({ month, now, cost: cost.data, revenue, projected }),
    unpriced: cost.unpriced,
    catalogVersion: cost.catalogVersion,
  };
}

/**
 * The month's margins from its cost rows by tenant and GPU type ("" for token-priced usage), its
 * revenue and, for the current month, each tenant's projected cost (without it, none is shown).
 */
export function monthMargins({
  month,
  now,
  cost,
  revenue,
  projected = null,
}: {
  month: string;
  now: Date;
  cost: Array<{ tenant?: string; gpuType?: string; costUsd: number }>;
  revenue: Array<{ tenant: string; revenueUsd: number }>;
  projected?: Map<string, number> | null;
}) {
  const { from, to } = monthRange(month);
  const elapsed = now > from && now < to ? (now.getTime() - from.getTime()) / (to.getTime() - from.getTime()) : null;
  const byTenant = new Map<string, TenantMargin>();
  const get = (tenant: string) => {
    const row = byTenant.get(tenant) ?? {
      tenant,
      revenueUsd: 0,
      llmCostUsd: 0,
      gpuCostUsd: 0,
      costUsd: 0,
      marginUsd: 0,
      marginPct: null,
      underWater: false,
    };
    byTenant.set(tenant, row);
    return row;
  };
  for (const c of cost) {
    const row = get(c.tenant ?? "");
    // GPU cost is what GPU time costs: GPU work and model calls served on a GPU alike.
    if (c.gpuType) row.gpuCostUsd += c.costUsd;
    else row.llmCostUsd += c.costUsd;
  }
  for (const r of revenue) get(r.tenant).revenueUsd += r.revenueUsd;
  const data = [...byTenant.values()]
    .map((row) => {
      const costUsd = row.llmCostUsd + row.gpuCostUsd;
      const marginUsd = row.revenueUsd - costUsd;
      // A forecast never goes under what is already spent.
      const projectedCost = projected ? Math.max(costUsd, projected.get(row.tenant) ?? 0) : null;
      const revenueToDate = elapsed ? row.revenueUsd * elapsed : null;
      return {
        ...row,
        llmCostUsd: round(row.llmCostUsd),
        gpuCostUsd: round(row.gpuCostUsd),
        costUsd: round(costUsd),
        marginUsd: round(marginUsd),
        marginPct: marginPct(row.revenueUsd, marginUsd),
        underWater: round(projectedCost ?? costUsd) > round(row.revenueUsd),
        ...(revenueToDate !== null && projectedCost !== null
          ? {
              revenueToDateUsd: round(revenueToDate),
              marginToDateUsd: round(revenueToDate - costUsd),
              marginToDatePct: marginPct(revenueToDate, revenueToDate - costUsd),
              projectedCostUsd: round(projectedCost),
              projectedMarginUsd: round(row.revenueUsd - projectedCost),
              projectedMarginPct: marginPct(row.revenueUsd, row.revenueUsd - projectedCost),
            }
          : {}),
      };
    })
    .sort((a, b) => a.marginUsd - b.marginUsd);
  const revenueUsd = data.reduce((s, r) => s + r.revenueUsd, 0);
  const costUsd = data.reduce((s, r) => s + r.costUsd, 0);
  const projectedTotal = data.reduce((s, r) => s + (r.projectedCostUsd ?? 0), 0);
  return {
    data,
    totals: {
      revenueUsd: round(revenueUsd),
      costUsd: round(costUsd),
      marginUsd: round(revenueUsd - costUsd),
      marginPct: marginPct(revenueUsd, revenueUsd - costUsd),
    },
    projection: elapsed
      ? {
          elapsedShare: round(elapsed),
          revenueToDateUsd: round(revenueUsd * elapsed),
          costUsd: round(projectedTotal),
          marginUsd: round(revenueUsd - projectedTotal),
          marginPct: marginPct(revenueUsd, revenueUsd - projectedTotal),
          underWater: data.filter((r) => r.underWater).map((r) => r.tenant),
        }
      : null,
  };
}

/** The export's columns, in order: an empty month still downloads its header. */
export const MARGINS_CSV_COLUMNS = [
  "tenant",
  "revenue_usd",
  "llm_cost_usd",
  "gpu_cost_usd",
  "cost_usd",
  "margin_usd",
  "margin_pct",
  "projected_cost_usd",
  "revenue_to_date_usd",
  "projected_margin_usd",
  "under_water",
];

/** The month's rows as CSV columns, for the export. */
export function marginsCsvRows(rows: TenantMargin[]) {
  return rows.map((r) => ({
    tenant: r.tenant,
    revenue_usd: r.revenueUsd.toFixed(2),
    llm_cost_usd: r.llmCostUsd.toFixed(6),
    gpu_cost_usd: r.gpuCostUsd.toFixed(6),
    cost_usd: r.costUsd.toFixed(6),
    margin_usd: r.marginUsd.toFixed(6),
    margin_pct: r.marginPct === null ? "" : r.marginPct.toFixed(2),
    projected_cost_usd: r.projectedCostUsd === undefined ? "" : r.projectedCostUsd.toFixed(6),
    revenue_to_date_usd: r.revenueToDateUsd === undefined ? "" : r.revenueToDateUsd.toFixed(6),
    projected_margin_usd: r.projectedMarginUsd === undefined ? "" : r.projectedMarginUsd.toFixed(6),
    under_water: r.underWater ? "yes" : "no",
  }));
}
