import "server-only";
import { tables } from "@/lib/clickhouse/tables";
import { sql, type Sql } from "@/lib/clickhouse/sql";

// One row per (session, trace) of the sessions in `sessionIds` (a subquery of session ids),
// with the trace's own totals from the `traces` rollup: what the list and the detail aggregate.
// The session → trace mapping is one key range per session of `session_traces` (migration 0017).
export function sessionTraceRows(sessionIds: Sql): Sql {
  return sql`
    SELECT st.session_id AS session_id, st.trace_id AS trace_id, t.* EXCEPT (trace_id)
    FROM (
      SELECT session_id, trace_id FROM ${tables.session_traces}
      WHERE ${tables.session_traces.scope} AND session_id IN (${sessionIds})
      GROUP BY session_id, trace_id
    ) AS st
    INNER JOIN (
      SELECT trace_id, min(start_time) AS t_start, max(end_time) AS t_end, argMaxMerge(name) AS t_name,
             argMinMerge(tenant) AS t_tenant, argMinMerge(feature) AS t_feature, argMinMerge(user_id) AS t_user,
             groupUniqArrayArray(models) AS t_models, sum(span_count) AS t_spans, sum(error_count) AS t_errors,
             sum(input_tokens) AS t_input, sum(output_tokens) AS t_output, argMaxMerge(error_message) AS t_error_message
      FROM ${tables.traces}
      WHERE ${tables.traces.scope} AND trace_id IN (
        SELECT trace_id FROM ${tables.session_traces} WHERE ${tables.session_traces.scope} AND session_id IN (${sessionIds}))
      GROUP BY trace_id
    ) AS t ON st.trace_id = t.trace_id`;
}

/** The per-session aggregate over sessionTraceRows, as the list shows it. */
export const SESSION_COLUMNS = sql`
  session_id, min(t_start) AS start, max(t_end) AS end, toUnixTimestamp64Micro(start) AS start_us,
  toString(start_us) AS start_us_text, count() AS turns, countIf(t_errors > 0) AS failed_turns,
  argMinIf(t_tenant, t_start, t_tenant != '') AS tenant, argMinIf(t_user, t_start, t_user != '') AS user_id,
  groupUniqArrayIf(t_feature, t_feature != '') AS features, groupUniqArrayArray(t_models) AS models,
  sum(t_input) AS input_tokens, sum(t_output) AS output_tokens, sum(t_errors) AS error_spans,
  groupArray(trace_id) AS trace_ids, argMin(trace_id, (t_start, trace_id)) AS first_trace`;

export type SessionAggregateRow = {
  session_id: string;
  start: string;
  end: string;
  start_us_text: string;
  turns: number;
  failed_turns: number;
  tenant: string;
  user_id: string;
  features: string[];
  models: string[];
  input_tokens: number;
  output_tokens: number;
  error_spans: number;
  trace_ids: string[];
  first_trace: string;
};
