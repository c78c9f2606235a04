import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, str, time } from "@/lib/clickhouse/sql";

/** The most recent successful trace of the same feature (other than this one), for Compare. */
export async function findBaselineTrace({
  ctx,
  traceId,
  feature,
  now = new Date(),
}: {
  ctx: ProjectContext;
  traceId: string;
  feature: string;
  now?: Date;
}) {
  requirePermission(ctx, "project.read");
  const rows = await queryRows<{ trace_id: string }>({
    projectId: ctx.projectId,
    tag: "traces.baseline",
    query: sql`
      SELECT trace_id, min(start_time) AS start, sum(error_count) AS errors, argMinMerge(feature) AS f
      FROM ${tables.traces} WHERE ${tables.traces.scope} AND trace_id != ${str(traceId)}
      GROUP BY trace_id
      HAVING f = ${str(feature)} AND errors = 0 AND start >= ${time(new Date(now.getTime() - 30 * 86_400_000))}
      ORDER BY start DESC LIMIT 1`,
  });
  return rows[0]?.trace_id ?? null;
}
