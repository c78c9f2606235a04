import "server-only";
import { z } from "zod";
import type { ProjectContext } from "@/lib/auth/context";
import { requirePermission } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { MONTH, revenueForMonth } from "./revenue";

export const marginsQuery = z.object({ month: z.string().regex(MONTH, "month must be YYYY-MM") });

export type TenantMargin = {
  tenant: string; revenueUsd: number; llmCostUsd: number; gpuCostUsd: number; costUsd: number; marginUsd: number; marginPct: number | null;
};

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Per tenant for one month: revenue against LLM and GPU cost, margin and margin %. */
export async function margins({ ctx, month }: { ctx: ProjectContext; month: string }) {
  requirePermission(ctx, "finance.read");
  const [year, m] = month.split("-").map(Number) as [number, number];
  const from = new Date(Date.UTC(year, m - 1, 1));
  const to = new Date(Date.UTC(year, m, 1));
  const [cost, revenue] = await Promise.all([costMetrics({ ctx, query: { from, to, groupBy: ["tenant", "kind"] } }), revenueForMonth(ctx.projectId, month)]);
  const byTenant = new Map<string, TenantMargin>();
  const get = (tenant: string) => {
    const row = byTenant.get(tenant) ?? { tenant, revenueUsd: 0, llmCostUsd: 0, gpuCostUsd: 0, costUsd: 0, marginUsd: 0, marginPct: null };
    byTenant.set(tenant, row);
    return row;
  };
  for (const c of cost.data) {
    const row = get(c.tenant ?? "");
    if (c.kind === "gpu") row.gpuCostUsd += c.costUsd;
    else row.llmCostUsd += c.costUsd;
  }
  for (const r of revenue) get(r.tenant).revenueUsd += r.revenueUsd;
  const data = [...byTenant.values()].map((row) => {
    const costUsd = row.llmCostUsd + row.gpuCostUsd;
    const marginUsd = row.revenueUsd - costUsd;
    return {
      ...row,
      llmCostUsd: round(row.llmCostUsd), gpuCostUsd: round(row.gpuCostUsd), costUsd: round(costUsd), marginUsd: round(marginUsd),
      marginPct: row.revenueUsd > 0 ? round((marginUsd / row.revenueUsd) * 100) : null,
    };
  }).sort((a, b) => a.marginUsd - b.marginUsd);
  const revenueUsd = data.reduce((s, r) => s + r.revenueUsd, 0);
  const costUsd = data.reduce((s, r) => s + r.costUsd, 0);
  return {
    month,
    data,
    totals: { revenueUsd: round(revenueUsd), costUsd: round(costUsd), marginUsd: round(revenueUsd - costUsd), marginPct: revenueUsd > 0 ? round(((revenueUsd - costUsd) / revenueUsd) * 100) : null },
    unpriced: cost.unpriced,
    catalogVersion: cost.catalogVersion,
  };
}
