import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, strs } from "@/lib/clickhouse/sql";
import { priceIndexColumns, usageCostColumns } from "@/lib/pricing/cost-sql";
import { pricingForUsage } from "@/lib/pricing/pricing-for-usage";

/**
 * Priced cost of a page of traces, in the engine, from the `trace_usage` rollup (migration
 * 0013: counted usage per trace and price key, aggregates already left out): a few rows per
 * trace whatever its span count, priced with the rules of the cost views. Answers only the
 * traces that have usage rows; unpriced usage adds nothing, as in the trace view.
 */
export async function pricedTraceCosts(ctx: ProjectContext, traceIds: string[]): Promise<Map<string, number>> {
  requirePermission(ctx, "project.read");
  if (traceIds.length === 0) return new Map();
  const source = sql`
    SELECT trace_id, hour, model, gpu_type, tier_tokens, cost_reported, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd
    FROM ${tables.trace_usage} WHERE ${tables.trace_usage.scope} AND trace_id IN ${strs(traceIds)}`;
  const read = async (fresh: boolean) => {
    const pricing = await pricingForUsage(ctx.projectId, source, { fresh });
    const rows = await queryRows<{ trace_id: string; cost: number; unpriced: number }>({
      projectId: ctx.projectId,
      tag: "traces.list.cost",
      // Cost is linear in usage once the version is known: unmerged rows and corrections are
      // priced as they are and summed per trace at the end.
      query: sql`
        WITH ${pricing.withPrices}
        SELECT trace_id, sum(cost_usd) AS cost, sum(unpriced) AS unpriced
        FROM (SELECT *, ${priceIndexColumns}, ${usageCostColumns} FROM (${source}))
        GROUP BY trace_id`,
    });
    return { rows, retry: pricing.fromCache && rows.some((r) => Number(r.unpriced) > 0) };
  };
  let result = await read(false);
  // Cached model names may miss a new model, which then looks unpriced: ask again fresh.
  if (result.retry) result = await read(true);
  return new Map(result.rows.map((r) => [r.trace_id, Number(r.cost)]));
}
