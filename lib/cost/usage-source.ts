import { tables } from "@/lib/clickhouse/tables";
import { sql, time, type Sql } from "@/lib/clickhouse/sql";

const DAY_MS = 86_400_000;
const COLUMNS = sql`hour, tenant, feature, user_id, model, kind, gpu_type, tier_tokens, cost_reported, spans, error_spans, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd, ttft_ms_sum, ttft_count, tpot_ms_sum, tpot_count`;

/**
 * The usage rows covering [from, to) (both on hour boundaries): whole days from usage_daily,
 * the partial days at the edges from usage_hourly, or hourly rows throughout when the read
 * needs hour buckets. Rows may repeat a key (unmerged parts); callers GROUP BY.
 */
export function usageSource(from: Date, to: Date, hourly: boolean): Sql {
  const dayFrom = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const dayTo = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS);
  const hourlyRows = (where: Sql) =>
    sql`SELECT ${COLUMNS} FROM ${tables.usage_hourly} WHERE ${tables.usage_hourly.scope} AND ${where}`;
  if (hourly || dayFrom >= dayTo) return hourlyRows(sql`hour >= ${time(from)} AND hour < ${time(to)}`);
  return sql`
    SELECT ${COLUMNS} FROM ${tables.usage_daily} WHERE ${tables.usage_daily.scope} AND hour >= ${time(dayFrom)} AND hour < ${time(dayTo)}
    UNION ALL
    ${hourlyRows(sql`((hour >= ${time(from)} AND hour < ${time(dayFrom)}) OR (hour >= ${time(dayTo)} AND hour < ${time(to)}))`)}`;
}
