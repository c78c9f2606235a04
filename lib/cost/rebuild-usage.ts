import "server-only";
import { projectScope, runCommand } from "@/lib/clickhouse/query";
import { raw, sql } from "@/lib/clickhouse/sql";
import { TIER_FLOOR_TOKENS } from "@/lib/pricing/resolve";

/**
 * Recomputes a project's `usage_hourly` rows from its stored spans, with the attribution the
 * `traces` rollup holds. The ingest writer keeps the rollup current; this repairs it (a flush
 * that failed between its two inserts, a cross-replica race) and fills it for data loaded
 * around the writer (the benchmark's synthetic spans).
 */
export async function rebuildUsage(projectId: string): Promise<void> {
  for (const table of ["usage_hourly", "usage_daily"]) {
    await runCommand({
      projectId,
      tag: "usage.clear",
      query: sql`ALTER TABLE ${raw(table)} DELETE WHERE ${projectScope()} SETTINGS mutations_sync = 2`,
    });
  }
  // usage_daily refills from this insert through its materialized view.
  await runCommand({
    projectId,
    tag: "usage.rebuild",
    query: sql`
      INSERT INTO usage_hourly
      SELECT s.project_id, toStartOfHour(s.start_time) AS hour,
             if(s.tenant != '', toString(s.tenant), t.tenant) AS tenant_, if(s.feature != '', toString(s.feature), t.feature) AS feature_,
             if(s.response_model != '', toString(s.response_model), toString(s.model)) AS model_, toString(s.kind) AS kind_,
             toString(s.gpu_type) AS gpu_type_, if(s.input_tokens >= ${raw(String(TIER_FLOOR_TOKENS))}, s.input_tokens, 0) AS tier_tokens_,
             toUInt8(s.reported_cost_usd IS NOT NULL) AS cost_reported_,
             count(), countIf(s.status = 'error'), sum(s.input_tokens), sum(least(s.cached_input_tokens, s.input_tokens)), sum(s.output_tokens),
             sum(s.gpu_seconds), sum(ifNull(s.reported_cost_usd, 0)),
             sum(ifNull(s.time_to_first_token_ms, 0)), countIf(s.time_to_first_token_ms IS NOT NULL),
             sum(ifNull(s.time_per_output_token_ms, 0)), countIf(s.time_per_output_token_ms IS NOT NULL)
      FROM (SELECT project_id, trace_id, start_time, status, tenant, feature, model, response_model, kind, gpu_type, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd,
                   time_to_first_token_ms, time_per_output_token_ms FROM spans FINAL WHERE ${projectScope()}) AS s
      LEFT JOIN (
        SELECT trace_id, argMaxMerge(tenant) AS tenant, argMaxMerge(feature) AS feature FROM traces WHERE ${projectScope()} GROUP BY trace_id
      ) AS t USING (trace_id)
      GROUP BY s.project_id, hour, tenant_, feature_, model_, kind_, gpu_type_, tier_tokens_, cost_reported_`,
  });
}
