import "server-only";
import { z } from "zod";
import type { ProjectContext } from "@/lib/auth/context";
import { requirePermission } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
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
  /** Month to date only: the cost at the month's pace so far, carried to its end. */
  projectedCostUsd?: number;
};

/** Money and percentages to a millionth: sums of floats otherwise show their noise. */
export const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** The calendar month `YYYY-MM` as [from, to). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return { from: new Date(Date.UTC(year, m - 1, 1)), to: new Date(Date.UTC(year, m, 1)) };
}

export const marginPct = (revenue: number, margin: number) => (revenue > 0 ? round((margin / revenue) * 100) : null);

/**
 * Per tenant for one month: revenue against LLM and GPU cost, margin and margin %. For the
 * current month also a linear projection to its end (cost so far ÷ share of the month elapsed).
 */
export async function margins({ ctx, month, now = new Date() }: { ctx: ProjectContext; month: string; now?: Date }) {
  requirePermission(ctx, "finance.read");
  const { from, to } = monthRange(month);
  const [cost, revenue] = await Promise.all([
    costMetrics({ ctx, query: { from, to, groupBy: ["tenant", "gpuType"] } }),
    revenueForMonth(ctx.projectId, month),
  ]);
  return {
    month,
    ...monthMargins({ month, now, cost: cost.data, revenue }),
    unpriced: cost.unpriced,
    catalogVersion: cost.catalogVersion,
  };
}

/** The month's margins from its cost rows by tenant and GPU type ("" for token-priced usage) and its revenue. */
export function monthMargins({
  month,
  now,
  cost,
  revenue,
}: {
  month: string;
  now: Date;
  cost: Array<{ tenant?: string; gpuType?: string; costUsd: number }>;
  revenue: Array<{ tenant: string; revenueUsd: number }>;
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
      return {
        ...row,
        llmCostUsd: round(row.llmCostUsd),
        gpuCostUsd: round(row.gpuCostUsd),
        costUsd: round(costUsd),
        marginUsd: round(marginUsd),
        marginPct: marginPct(row.revenueUsd, marginUsd),
        ...(elapsed ? { projectedCostUsd: round(costUsd / elapsed) } : {}),
      };
    })
    .sort((a, b) => a.marginUsd - b.marginUsd);
  const revenueUsd = data.reduce((s, r) => s + r.revenueUsd, 0);
  const costUsd = data.reduce((s, r) => s + r.costUsd, 0);
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
          costUsd: round(costUsd / elapsed),
          marginUsd: round(revenueUsd - costUsd / elapsed),
          marginPct: marginPct(revenueUsd, revenueUsd - costUsd / elapsed),
        }
      : null,
  };
}

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
  }));
}
