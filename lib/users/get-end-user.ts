import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, str, strs, time } from "@/lib/clickhouse/sql";
import { notFound } from "@/lib/api/errors";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { latestScores } from "@/lib/quality/latest-scores";
import { listSessions, listSessionsQuery } from "@/lib/sessions/list-sessions";
import { endUserPeriod, type EndUsersQuery } from "./end-user-query";
import { endUserActivity } from "./list-end-users";

/**
 * One end user over a period: cost, tokens, errors, traces and sessions, the split by tenant,
 * quality (the average latest score per name over the user's traces) and their newest sessions.
 * A user this project has never seen is a 404, like another project's.
 */
export async function getEndUser({
  ctx,
  userId,
  query,
}: {
  ctx: ProjectContext;
  userId: string;
  query: Omit<EndUsersQuery, "limit">;
}) {
  requirePermission(ctx, "project.read");
  if (!userId || userId.length > 256) throw notFound("End user not found");
  const seen = await queryRows<{ one: number }>({
    projectId: ctx.projectId,
    tag: "users.get.exists",
    query: sql`SELECT 1 AS one FROM ${tables.trace_index} WHERE ${tables.trace_index.scope} AND user_id = ${str(userId)} LIMIT 1`,
  });
  if (seen.length === 0) throw notFound("End user not found");
  const period = endUserPeriod(query);
  const [byTenant, activity, sessions, traceIds] = await Promise.all([
    costMetrics({ ctx, query: { ...period, groupBy: ["tenant"], user: userId, tenant: query.tenant } }),
    endUserActivity(ctx, [userId], period, query.tenant),
    listSessions({
      ctx,
      query: listSessionsQuery.parse({
        userId,
        tenant: query.tenant,
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        limit: 20,
      }),
    }),
    queryRows<{ trace_id: string }>({
      projectId: ctx.projectId,
      tag: "users.get.traces",
      query: sql`
        SELECT DISTINCT trace_id FROM ${tables.trace_index}
        WHERE ${tables.trace_index.scope} AND user_id = ${str(userId)}
          AND start_time >= ${time(period.from)} AND start_time < ${time(period.to)}
        LIMIT 10000`,
    }),
  ]);
  const ids = traceIds.map((t) => t.trace_id);
  const quality = ids.length
    ? await queryRows<{ name: string; avg: number; n: number }>({
        projectId: ctx.projectId,
        tag: "users.get.quality",
        query: sql`
          SELECT name, avg(value) AS avg, count() AS n FROM (${latestScores(period)})
          WHERE trace_id IN ${strs(ids)} AND value IS NOT NULL
          GROUP BY name ORDER BY name`,
      })
    : [];
  const a = activity.get(userId)!;
  return {
    userId,
    from: byTenant.from,
    to: byTenant.to,
    costUsd: byTenant.totals.costUsd,
    inputTokens: byTenant.totals.inputTokens,
    outputTokens: byTenant.totals.outputTokens,
    spans: byTenant.totals.spans,
    ...a,
    byTenant: byTenant.data.map((r) => ({
      tenant: r.tenant ?? "",
      costUsd: r.costUsd,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      spans: r.spans,
    })),
    quality: quality.map((q) => ({ name: q.name, average: Number(q.avg), count: Number(q.n) })),
    recentSessions: sessions.data,
  };
}
