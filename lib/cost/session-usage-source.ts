import { tables } from "@/lib/clickhouse/tables";
import { sql, time, type Sql } from "@/lib/clickhouse/sql";

// Usage rows for cost grouped by session (GET /api/v1/metrics/cost?groupBy=session): the usage
// rollups have no session column (a row per session and hour would end their "a month is a few
// thousand rows"), so these rows come from the per-trace usage (trace_usage, migration 0013)
// with each trace's session, tenant, feature and end user from the `traces` rollup, plus one
// row per trace carrying its span count and no usage. Only traces that belong to a session.
// Kind is not known per trace usage row (''). Bounded by the range: trace_usage is ordered by
// trace, so the traces active in the range are found first in the time-ordered trace_index (a
// usage row's hour is its span's start hour, so every trace with usage in the range has a span
// there), and only those traces' usage and rollup rows are read, each by its key.

const activeTraces = (from: Date, to: Date) =>
  sql`SELECT trace_id FROM ${tables.trace_index} WHERE ${tables.trace_index.scope} AND start_time >= ${time(from)} AND start_time < ${time(to)}`;

/** The range's usage rows, of the traces active in it only. */
const usageInRange = (from: Date, to: Date) => sql`
  SELECT * FROM ${tables.trace_usage}
  WHERE ${tables.trace_usage.scope} AND hour >= ${time(from)} AND hour < ${time(to)} AND trace_id IN (${activeTraces(from, to)})`;

const sessionTraces = (usage: Sql) => sql`
  SELECT trace_id, argMinMerge(session_id) AS m_session, argMinMerge(tenant) AS m_tenant, argMinMerge(feature) AS m_feature,
         argMinMerge(user_id) AS m_user, min(start_time) AS m_start, sum(span_count) AS m_spans, sum(error_count) AS m_errors
  FROM ${tables.traces}
  WHERE ${tables.traces.scope} AND trace_id IN (SELECT trace_id FROM (${usage}))
  GROUP BY trace_id HAVING m_session != ''`;

export function sessionUsageSource(from: Date, to: Date): Sql {
  const usage = usageInRange(from, to);
  return sql`
    SELECT u.hour AS hour, m.m_tenant AS tenant, m.m_feature AS feature, m.m_user AS user_id, m.m_session AS session_id,
           u.model AS model, '' AS kind, u.gpu_type AS gpu_type, u.tier_tokens AS tier_tokens, u.cost_reported AS cost_reported,
           toInt64(0) AS spans, toInt64(0) AS error_spans, u.input_tokens AS input_tokens, u.cached_input_tokens AS cached_input_tokens,
           u.output_tokens AS output_tokens, u.gpu_seconds AS gpu_seconds, u.reported_cost_usd AS reported_cost_usd,
           toFloat64(0) AS ttft_ms_sum, toInt64(0) AS ttft_count, toFloat64(0) AS tpot_ms_sum, toInt64(0) AS tpot_count
    FROM (${usage}) AS u
    INNER JOIN (${sessionTraces(usage)}) AS m ON u.trace_id = m.trace_id
    UNION ALL
    SELECT toStartOfHour(m_start) AS hour, m_tenant AS tenant, m_feature AS feature, m_user AS user_id, m_session AS session_id,
           '' AS model, '' AS kind, '' AS gpu_type, toUInt64(0) AS tier_tokens, toUInt8(0) AS cost_reported,
           toInt64(m_spans) AS spans, toInt64(m_errors) AS error_spans, toInt64(0) AS input_tokens, toInt64(0) AS cached_input_tokens, toInt64(0) AS output_tokens,
           toFloat64(0) AS gpu_seconds, toFloat64(0) AS reported_cost_usd,
           toFloat64(0) AS ttft_ms_sum, toInt64(0) AS ttft_count, toFloat64(0) AS tpot_ms_sum, toInt64(0) AS tpot_count
    FROM (${sessionTraces(usage)}) WHERE m_start >= ${time(from)} AND m_start < ${time(to)}`;
}
