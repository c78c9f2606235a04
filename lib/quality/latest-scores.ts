import { join, raw, sql, str, time, type Sql } from "@/lib/clickhouse/sql";
import { projectScope } from "@/lib/clickhouse/query";

// The one subquery every quality read starts from: the latest version of each score (the last
// write for a trace, span, name and source wins), in a time range of the scored traces, with
// the filters applied after deduplication so an older version never leaks in.

export const QUALITY_DIMENSIONS = ["name", "model", "promptVersion", "feature", "tenant", "source"] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

/** Column expressions of the subquery's output, by dimension. */
export const DIMENSION_COLUMN: Record<QualityDimension, string> = {
  name: "name",
  model: "model",
  promptVersion: "prompt",
  feature: "feature",
  tenant: "tenant",
  source: "source",
};

export type QualityFilter = {
  from: Date;
  to: Date;
  name?: string;
  source?: string;
  model?: string;
  promptVersion?: string;
  feature?: string;
  tenant?: string;
};

const DAY_MS = 86_400_000;

export function latestScores(filter: QualityFilter): Sql {
  const pre: Sql[] = [sql`${projectScope()}`, sql`trace_time >= ${time(new Date(filter.from.getTime() - DAY_MS))}`, sql`trace_time < ${time(new Date(filter.to.getTime() + DAY_MS))}`];
  if (filter.name) pre.push(sql`name = ${str(filter.name)}`);
  if (filter.source) pre.push(sql`source = ${str(filter.source)}`);
  const post: Sql[] = [sql`t >= ${time(filter.from)}`, sql`t < ${time(filter.to)}`];
  for (const dimension of ["model", "promptVersion", "feature", "tenant"] as const) {
    const value = filter[dimension];
    if (value !== undefined) post.push(sql`${raw(DIMENSION_COLUMN[dimension])} = ${str(value)}`);
  }
  return sql`
    SELECT * FROM (
      SELECT trace_id, span_id, name, source,
             argMax(value, written_at) AS value, argMax(label, written_at) AS label, argMax(comment, written_at) AS comment,
             argMax(author, written_at) AS author, argMax(trace_time, written_at) AS t,
             argMax(model, written_at) AS model, argMax(feature, written_at) AS feature, argMax(tenant, written_at) AS tenant,
             argMax(concat(prompt_name, if(prompt_name != '' AND prompt_version != '', '@', ''), prompt_version), written_at) AS prompt
      FROM scores WHERE ${join(pre, " AND ")}
      GROUP BY trace_id, span_id, name, source
    ) WHERE ${join(post, " AND ")}`;
}
