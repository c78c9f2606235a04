import { tables } from "@/lib/clickhouse/tables";
import { sql, time, type Sql } from "@/lib/clickhouse/sql";

const DAY_MS = 86_400_000;
const columns = (user: Sql) =>
  sql`hour, tenant, feature, ${user}, model, kind, gpu_type, tier_tokens, cost_reported, spans, error_spans, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd, ttft_ms_sum, ttft_count, tpot_ms_sum, tpot_count`;

/**
 * The usage rows covering [from, to) (both on hour boundaries): whole days from the daily
 * rollup, the partial days at the edges from the hourly one, or hourly rows throughout when the
 * read needs hour buckets. Rows may repeat a key (unmerged parts); callers GROUP BY. Only a read
 * that groups or filters by end user (`byUser`) reads the rollups keyed by user; the others read
 * the totals (migration 0018), with `user_id` empty, which hold ~50 times fewer rows.
 */
export function usageSource(from: Date, to: Date, hourly: boolean, { byUser = false } = {}): Sql {
  const [hourTable, dayTable] = byUser
    ? [tables.usage_hourly, tables.usage_daily]
    : [tables.usage_hourly_totals, tables.usage_daily_totals];
  const cols = columns(byUser ? sql`user_id` : sql`'' AS user_id`);
  const dayFrom = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const dayTo = new Date(Math.floor(to.getTime() / DAY_MS) * DAY_MS);
  const hourlyRows = (where: Sql) => sql`SELECT ${cols} FROM ${hourTable} WHERE ${hourTable.scope} AND ${where}`;
  if (hourly || dayFrom >= dayTo) return hourlyRows(sql`hour >= ${time(from)} AND hour < ${time(to)}`);
  return sql`
    SELECT ${cols} FROM ${dayTable} WHERE ${dayTable.scope} AND hour >= ${time(dayFrom)} AND hour < ${time(dayTo)}
    UNION ALL
    ${hourlyRows(sql`((hour >= ${time(from)} AND hour < ${time(dayFrom)}) OR (hour >= ${time(dayTo)} AND hour < ${time(to)}))`)}`;
}
