import { identFor, join, sql, str, time, type Sql } from "@/lib/clickhouse/sql";
import { modelFamily, SNAPSHOT_SUFFIX } from "@/lib/domain/pricing/model-family";
import { tables } from "@/lib/clickhouse/tables";
import { LATEST_SCORE_COLUMNS } from "@/lib/scores/latest-score-columns";

// The one subquery every quality read starts from: the latest version of each score (the last
// write for a trace, span, name and source wins), in a time range of the scored traces, with
// the filters applied after deduplication so an older version never leaks in. The latest
// version is LATEST_SCORE_COLUMNS, the same definition the trace's scores and the resolver read.
// A model is its family (lib/domain/pricing/model-family.ts): its dated snapshots count as one.

export const QUALITY_DIMENSIONS = ["name", "model", "promptVersion", "feature", "tenant", "source"] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

/** Column expressions of the subquery's output, by dimension; a model is its family (snapshots together). */
export const DIMENSION_COLUMN: Record<QualityDimension, string> = {
  name: "name",
  model: "model_family",
  promptVersion: "prompt",
  feature: "feature",
  tenant: "tenant",
  source: "source",
};

/** The subquery's column of a dimension; a name outside QUALITY_DIMENSIONS throws. */
export const dimensionColumn = (dimension: string) => identFor(dimension, DIMENSION_COLUMN);

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
  const pre: Sql[] = [
    sql`${tables.scores.scope}`,
    sql`trace_time >= ${time(new Date(filter.from.getTime() - DAY_MS))}`,
    sql`trace_time < ${time(new Date(filter.to.getTime() + DAY_MS))}`,
  ];
  if (filter.name) pre.push(sql`name = ${str(filter.name)}`);
  if (filter.source) pre.push(sql`source = ${str(filter.source)}`);
  const post: Sql[] = [sql`t >= ${time(filter.from)}`, sql`t < ${time(filter.to)}`];
  for (const dimension of ["model", "promptVersion", "feature", "tenant"] as const) {
    const value = filter[dimension];
    if (value !== undefined)
      post.push(sql`${dimensionColumn(dimension)} = ${str(dimension === "model" ? modelFamily(value) : value)}`);
  }
  return sql`
    SELECT *, trace_time AS t, concat(prompt_name, if(prompt_name != '' AND prompt_version != '', '@', ''), prompt_version) AS prompt,
           if(replaceRegexpOne(model, ${str(SNAPSHOT_SUFFIX)}, '') = '', model, replaceRegexpOne(model, ${str(SNAPSHOT_SUFFIX)}, '')) AS model_family FROM (
      SELECT ${LATEST_SCORE_COLUMNS} FROM (SELECT * FROM ${tables.scores} WHERE ${join(pre, " AND ")})
      GROUP BY trace_id, span_id, name, source, session_id
    ) WHERE ${join(post, " AND ")}`;
}
