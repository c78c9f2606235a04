import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { marginPct, monthRange, round } from "./margins";
import { revenueByMonth } from "./revenue";

const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** Revenue, AI cost and margin % for the `months` months ending with `month`, oldest first. */
export async function marginTrend({
  ctx,
  month,
  months = 12,
}: {
  ctx: ProjectContext;
  month: string;
  months?: number;
}) {
  requirePermission(ctx, "finance.read");
  const { to } = monthRange(month);
  const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - months, 1));
  const [cost, revenue] = await Promise.all([
    costMetrics({ ctx, query: { from, to, groupBy: [], interval: "month" } }),
    revenueByMonth(ctx.projectId, monthOf(from), month),
  ]);
  const costByMonth = new Map(cost.data.map((r) => [String(r.bucket).slice(0, 7), r.costUsd]));
  return Array.from({ length: months }, (_, i) => {
    const m = monthOf(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + i, 1)));
    const revenueUsd = revenue.get(m) ?? 0;
    const costUsd = costByMonth.get(m) ?? 0;
    return {
      month: m,
      revenueUsd: round(revenueUsd),
      costUsd: round(costUsd),
      marginUsd: round(revenueUsd - costUsd),
      marginPct: marginPct(revenueUsd, revenueUsd - costUsd),
    };
  });
}
