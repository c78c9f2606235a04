import "server-only";
import { queryRows, runCommand } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { int, param, sql, strs, type Sql } from "@/lib/clickhouse/sql";
import { TIER_FLOOR_TOKENS } from "@/lib/domain/pricing/resolve";
import { aggregateSpans } from "@/lib/domain/usage/usage-aggregates";

// Spans per pass: each pass reads the parent links of its candidate traces into memory.
const SPANS_PER_PASS = 500_000;
// Aggregate keys per statement: they are a bound parameter, which a ClickHouse server takes in
// the URL (at most 1 MiB, http_max_uri_size); 10,000 keys are about 570 KB there.
const KEYS_PER_STATEMENT = 10_000;
// Traces of a pass fall into this many buckets; a pass with more keys runs bucket range by range.
const BUCKETS = 4096;

type Candidate = {
  trace_id: string;
  bucket: number;
  ids: string[];
  parents: string[];
  inputs: number[];
  outputs: number[];
  costs: number[];
};
type Keyed = { bucket: number; keys: string[] };
const bucketOf = sql`sipHash64(trace_id) % ${int(BUCKETS)}`;

/**
 * The aggregate spans of one pass's traces, as `trace_id || span_id`. Only traces in which a
 * span carrying usage is some span's parent can hold one; ClickHouse picks those, and the rule
 * itself (lib/usage/usage-aggregates.ts) decides in JS, as the writer and the trace view do.
 */
async function aggregateKeys(projectId: string, pass: Sql): Promise<Keyed[]> {
  const candidates = await queryRows<Candidate>({
    projectId,
    tag: "usage.rebuild.links",
    query: sql`
      SELECT trace_id, ${bucketOf} AS bucket, groupArray(span_id) AS ids, groupArray(parent_span_id) AS parents, groupArray(input_tokens) AS inputs,
             groupArray(output_tokens) AS outputs, groupArray(ifNull(reported_cost_usd, 0)) AS costs
      FROM (SELECT trace_id, span_id, parent_span_id, input_tokens, output_tokens, reported_cost_usd FROM ${tables.spans} FINAL WHERE ${tables.spans.scope} AND ${pass})
      GROUP BY trace_id
      HAVING hasAny(arrayFilter((id, i, o, c) -> i + o > 0 OR c > 0, ids, inputs, outputs, costs), parents)`,
  });
  const keyed: Keyed[] = [];
  for (const t of candidates) {
    const spans = t.ids.map((span_id, i) => ({
      span_id,
      parent_span_id: t.parents[i]!,
      input_tokens: t.inputs[i]!,
      output_tokens: t.outputs[i]!,
      reported_cost_usd: t.costs[i]!,
    }));
    const keys = [...aggregateSpans(spans)].map((s) => t.trace_id + s.span_id);
    if (keys.length > 0) keyed.push({ bucket: Number(t.bucket), keys });
  }
  return keyed;
}

/**
 * Splits a pass into bucket ranges of at most KEYS_PER_STATEMENT aggregate keys (one bucket
 * with more stays whole): the whole pass when it has few.
 */
function statementsOf(pass: Sql, keyed: Keyed[], limit = KEYS_PER_STATEMENT): Array<{ scope: Sql; keys: string[] }> {
  const total = keyed.reduce((n, k) => n + k.keys.length, 0);
  if (total <= limit) return [{ scope: pass, keys: keyed.flatMap((k) => k.keys) }];
  const byBucket = new Map<number, string[]>();
  for (const k of keyed) {
    const list = byBucket.get(k.bucket);
    if (list) list.push(...k.keys);
    else byBucket.set(k.bucket, [...k.keys]);
  }
  const ranges: Array<{ from: number; to: number; keys: string[] }> = [];
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    const keys = byBucket.get(bucket) ?? [];
    const last = ranges.at(-1);
    if (last && last.keys.length + keys.length <= limit) {
      last.to = bucket;
      last.keys.push(...keys);
    } else {
      ranges.push({ from: bucket, to: bucket, keys: [...keys] });
    }
  }
  return ranges.map((r) => ({
    scope: sql`${pass} AND ${bucketOf} BETWEEN ${param(r.from, "UInt64")} AND ${param(r.to, "UInt64")}`,
    keys: r.keys,
  }));
}

/**
 * Recomputes a project's `usage_hourly` and `trace_usage` rows from its stored spans, with the attribution the
 * `traces` rollup holds, counting usage once (aggregates excluded), and brings the `traces`
 * rollup's usage sums to the same rule. The ingest writer keeps both current; this repairs them
 * (a flush that failed between its inserts, a cross-replica race, rows written before
 * migration 0009) and fills usage for data loaded around the writer (the benchmark's spans).
 */
export async function rebuildUsage(projectId: string): Promise<void> {
  const rollups = [tables.usage_hourly, tables.usage_daily, tables.usage_hourly_totals, tables.usage_daily_totals];
  for (const table of [...rollups, tables.trace_usage]) {
    await runCommand({
      projectId,
      tag: "usage.clear",
      query: sql`ALTER TABLE ${table} DELETE WHERE ${table.scope} SETTINGS mutations_sync = 2`,
    });
  }
  const [size] = await queryRows<{ spans: number }>({
    projectId,
    tag: "usage.rebuild.size",
    query: sql`SELECT count() AS spans FROM ${tables.spans} WHERE ${tables.spans.scope}`,
  });
  const passes = Math.max(1, Math.ceil(Number(size?.spans ?? 0) / SPANS_PER_PASS));
  for (let i = 0; i < passes; i++) {
    const pass = sql`cityHash64(trace_id) % ${param(passes, "UInt64")} = ${param(i, "UInt64")}`;
    for (const { scope, keys } of statementsOf(pass, await aggregateKeys(projectId, pass))) {
      const counted = sql`concat(trace_id, span_id) NOT IN (SELECT arrayJoin(${strs(keys)}))`;
      await rebuildUsagePass(projectId, scope, counted);
      await rebuildTraceUsagePass(projectId, scope, counted);
      await repairTraceRollup(projectId, scope, counted);
    }
  }
}

async function rebuildUsagePass(projectId: string, pass: Sql, counted: Sql): Promise<void> {
  // usage_daily and the totals refill from this insert through their materialized views.
  await runCommand({
    projectId,
    tag: "usage.rebuild",
    query: sql`
      INSERT INTO ${tables.usage_hourly.target}
      SELECT s.project_id, toStartOfHour(s.start_time) AS hour,
             if(s.tenant != '', toString(s.tenant), t.tenant) AS tenant_, if(s.feature != '', toString(s.feature), t.feature) AS feature_,
             if(s.response_model != '', toString(s.response_model), toString(s.model)) AS model_, toString(s.kind) AS kind_,
             toString(s.gpu_type) AS gpu_type_, if(s.input_tokens >= ${int(TIER_FLOOR_TOKENS)}, s.input_tokens, 0) AS tier_tokens_,
             toUInt8(s.reported_cost_usd IS NOT NULL) AS cost_reported_,
             count(), countIf(s.status = 'error'), sumIf(s.input_tokens, s.counted), sumIf(least(s.cached_input_tokens, s.input_tokens), s.counted),
             sumIf(s.output_tokens, s.counted), sumIf(s.gpu_seconds, s.counted), sumIf(ifNull(s.reported_cost_usd, 0), s.counted),
             sumIf(ifNull(s.time_to_first_token_ms, 0), s.counted), countIf(s.time_to_first_token_ms IS NOT NULL AND s.counted),
             sumIf(ifNull(s.time_per_output_token_ms, 0), s.counted), countIf(s.time_per_output_token_ms IS NOT NULL AND s.counted),
             if(s.user_id != '', s.user_id, t.user_id) AS user_id_
      FROM (SELECT project_id, trace_id, start_time, status, tenant, feature, user_id, model, response_model, kind, gpu_type, input_tokens, cached_input_tokens,
                   output_tokens, gpu_seconds, reported_cost_usd, time_to_first_token_ms, time_per_output_token_ms, ${counted} AS counted
            FROM ${tables.spans} FINAL WHERE ${tables.spans.scope} AND ${pass}) AS s
      LEFT JOIN (
        SELECT trace_id, argMinMerge(tenant) AS tenant, argMinMerge(feature) AS feature, argMinMerge(user_id) AS user_id
        FROM ${tables.traces} WHERE ${tables.traces.scope} AND ${pass} GROUP BY trace_id
      ) AS t USING (trace_id)
      GROUP BY s.project_id, hour, tenant_, feature_, model_, kind_, gpu_type_, tier_tokens_, cost_reported_, user_id_`,
  });
}

/** The `trace_usage` rows (migration 0013) of the pass's counted spans, keyed as its view keys them. */
async function rebuildTraceUsagePass(projectId: string, pass: Sql, counted: Sql): Promise<void> {
  await runCommand({
    projectId,
    tag: "usage.rebuild.trace_usage",
    query: sql`
      INSERT INTO ${tables.trace_usage.target}
      SELECT project_id, trace_id, toStartOfHour(start_time) AS hour_,
             if(response_model != '', toString(response_model), toString(model)) AS model_, toString(gpu_type) AS gpu_type_,
             if(input_tokens >= ${int(TIER_FLOOR_TOKENS)}, input_tokens, 0) AS tier_tokens_, toUInt8(reported_cost_usd IS NOT NULL) AS cost_reported_,
             sum(toInt64(input_tokens)), sum(toInt64(least(cached_input_tokens, input_tokens))), sum(toInt64(output_tokens)),
             sum(gpu_seconds), sum(ifNull(reported_cost_usd, 0))
      FROM (SELECT project_id, trace_id, start_time, model, response_model, gpu_type, input_tokens, cached_input_tokens, output_tokens,
                   gpu_seconds, reported_cost_usd, ${counted} AS counted
            FROM ${tables.spans} FINAL WHERE ${tables.spans.scope} AND ${pass})
      WHERE counted AND (input_tokens + output_tokens > 0 OR gpu_seconds > 0 OR reported_cost_usd IS NOT NULL)
      GROUP BY project_id, trace_id, hour_, model_, gpu_type_, tier_tokens_, cost_reported_`,
  });
}

/**
 * Inserts, per trace whose rollup usage differs from its counted spans', the difference: the
 * same neutral correcting row the writer writes (first span time as min and max, no spans).
 */
async function repairTraceRollup(projectId: string, pass: Sql, counted: Sql): Promise<void> {
  await runCommand({
    projectId,
    tag: "usage.rebuild.traces",
    query: sql`
      INSERT INTO ${tables.traces.target} (project_id, trace_id, start_time, end_time, input_tokens, output_tokens, cached_input_tokens, reported_cost_usd, gpu_seconds)
      SELECT e.project_id, trace_id, e.first, e.first, e.input - a.input, e.output - a.output, e.cached - a.cached, e.cost - a.cost, e.gpu - a.gpu
      FROM (
        SELECT project_id, trace_id, min(start_time) AS first, sumIf(toInt64(input_tokens), c) AS input, sumIf(toInt64(output_tokens), c) AS output,
               sumIf(toInt64(cached_input_tokens), c) AS cached, sumIf(ifNull(reported_cost_usd, 0), c) AS cost, sumIf(gpu_seconds, c) AS gpu
        FROM (SELECT project_id, trace_id, start_time, input_tokens, output_tokens, cached_input_tokens, reported_cost_usd, gpu_seconds, ${counted} AS c
              FROM ${tables.spans} FINAL WHERE ${tables.spans.scope} AND ${pass})
        GROUP BY project_id, trace_id
      ) AS e
      INNER JOIN (
        SELECT trace_id, sum(input_tokens) AS input, sum(output_tokens) AS output, sum(cached_input_tokens) AS cached,
               sum(reported_cost_usd) AS cost, sum(gpu_seconds) AS gpu
        FROM ${tables.traces} WHERE ${tables.traces.scope} AND ${pass} GROUP BY trace_id
      ) AS a USING (trace_id)
      WHERE e.input != a.input OR e.output != a.output OR e.cached != a.cached OR abs(e.cost - a.cost) > 1e-9 OR abs(e.gpu - a.gpu) > 1e-9`,
  });
}
