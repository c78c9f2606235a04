import { sql } from "@/lib/clickhouse/sql";
import type { ScoreRow } from "@/lib/domain/scores/score-row";

/**
 * Every column of a score at its latest version (the last write wins; merges may lag), to be
 * used with `GROUP BY trace_id, span_id, name, source, session_id` (session_id: a session's score, migration 0017). Filters on the underlying columns belong
 * in a subquery: here the argMax aliases shadow them.
 */
export const LATEST_SCORE_COLUMNS = sql`trace_id, span_id, name, source, session_id,
  argMax(value, written_at) AS value, argMax(label, written_at) AS label, argMax(comment, written_at) AS comment,
  argMax(author, written_at) AS author, argMax(score_time, written_at) AS score_time, argMax(trace_time, written_at) AS trace_time,
  argMax(trace_found, written_at) AS trace_found, argMax(tenant, written_at) AS tenant, argMax(feature, written_at) AS feature,
  argMax(model, written_at) AS model, argMax(prompt_name, written_at) AS prompt_name, argMax(prompt_version, written_at) AS prompt_version`;

export type LatestScore = Omit<ScoreRow, "project_id">;
