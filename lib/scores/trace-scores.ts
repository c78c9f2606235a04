import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, str } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { LATEST_SCORE_COLUMNS, type LatestScore } from "./latest-score-columns";

export type TraceScore = {
  spanId: string | null;
  name: string;
  source: string;
  value: number | null;
  label: string | null;
  comment: string | null;
  author: string | null;
  time: string;
};

/**
 * The latest version of every score on one trace, trace-level first. Comments (reviewers'
 * notes, judge reasons, evaluation explanations, end-user feedback) are free text about the
 * payload: only for roles that read payloads.
 */
export async function traceScores({ ctx, traceId }: { ctx: ProjectContext; traceId: string }): Promise<TraceScore[]> {
  requirePermission(ctx, "project.read");
  const rows = await queryRows<LatestScore>({
    projectId: ctx.projectId,
    tag: "scores.trace",
    query: sql`
      SELECT ${LATEST_SCORE_COLUMNS} FROM ${tables.scores} WHERE ${tables.scores.scope} AND trace_id = ${str(traceId)} AND session_id = ''
      GROUP BY trace_id, span_id, name, source, session_id ORDER BY span_id != '', name, source, span_id`,
  });
  const showComments = can(ctx.role, "payloads.read");
  return rows.map((r) => ({
    spanId: r.span_id || null,
    name: r.name,
    source: r.source,
    value: r.value,
    label: r.label || null,
    comment: showComments ? r.comment || null : null,
    author: r.author || null,
    time: fromClickHouseTime(r.score_time).toISOString(),
  }));
}
