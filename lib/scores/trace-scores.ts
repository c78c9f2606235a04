import "server-only";
import type { ProjectContext } from "@/lib/auth/context";
import { projectScope, queryRows } from "@/lib/clickhouse/query";
import { fromClickHouseTime, sql, str } from "@/lib/clickhouse/sql";

export type TraceScore = {
  spanId: string | null; name: string; source: string; value: number | null; label: string | null; comment: string | null; author: string | null; time: string;
};

/** The latest version of every score on one trace, trace-level first. */
export async function traceScores({ ctx, traceId }: { ctx: ProjectContext; traceId: string }): Promise<TraceScore[]> {
  const rows = await queryRows<{ span_id: string; name: string; source: string; value: number | null; label: string; comment: string; author: string; score_time: string }>({
    projectId: ctx.projectId,
    tag: "scores.trace",
    query: sql`
      SELECT span_id, name, source, argMax(value, written_at) AS value, argMax(label, written_at) AS label,
             argMax(comment, written_at) AS comment, argMax(author, written_at) AS author, argMax(score_time, written_at) AS score_time
      FROM scores WHERE ${projectScope()} AND trace_id = ${str(traceId)}
      GROUP BY span_id, name, source ORDER BY span_id != '', name, source, span_id`,
  });
  return rows.map((r) => ({
    spanId: r.span_id || null, name: r.name, source: r.source, value: r.value, label: r.label || null,
    comment: r.comment || null, author: r.author || null, time: fromClickHouseTime(r.score_time).toISOString(),
  }));
}
