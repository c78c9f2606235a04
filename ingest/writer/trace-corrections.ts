import "server-only";
import { runCommand } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { param, sql, strs } from "@/lib/clickhouse/sql";
import type { UsageSpan } from "@/lib/domain/usage/usage-rows";

/**
 * Takes the usage of stored spans that have just become aggregates off the `traces` rollup:
 * one row per span with its sums negated (signed since migration 0009). Every other column is
 * neutral: the span's own start as min and max time (the trace already holds it), no spans,
 * no models or kinds, and the empty argMax states that columns left out of an INSERT take.
 * With `dedupToken`, a replay of the same corrections is dropped (one token per project).
 */
export async function correctTraceRollup(spans: UsageSpan[], dedupToken?: string): Promise<void> {
  const byProject = new Map<string, UsageSpan[]>();
  for (const s of spans) {
    const list = byProject.get(s.project_id);
    if (list) list.push(s);
    else byProject.set(s.project_id, [s]);
  }
  let index = 0;
  for (const [projectId, list] of byProject) {
    const token = dedupToken && `${dedupToken}:${index++}`;
    const ints = (pick: (s: UsageSpan) => number) =>
      param(
        list.map((s) => -pick(s)),
        "Array(Int64)",
      );
    const floats = (pick: (s: UsageSpan) => number) =>
      param(
        list.map((s) => -pick(s)),
        "Array(Float64)",
      );
    await runCommand({
      projectId,
      tag: "ingest.trace_corrections",
      dedupToken: token,
      query: sql`
        INSERT INTO ${tables.traces.target} (project_id, trace_id, start_time, end_time, input_tokens, output_tokens, cached_input_tokens, reported_cost_usd, gpu_seconds)
        SELECT project_id, c.1, toDateTime64(c.2, 6, 'UTC') AS at, at, c.3, c.4, c.5, c.6, c.7
        FROM (
          SELECT ${param(projectId, "String")} AS project_id,
                 arrayJoin(arrayZip(${strs(list.map((s) => s.trace_id))}, ${strs(list.map((s) => s.start_time))},
                   ${ints((s) => s.input_tokens)}, ${ints((s) => s.output_tokens)}, ${ints((s) => s.cached_input_tokens)},
                   ${floats((s) => s.reported_cost_usd ?? 0)}, ${floats((s) => s.gpu_seconds)})) AS c)
        WHERE ${tables.traces.scope}`,
    });
  }
}
