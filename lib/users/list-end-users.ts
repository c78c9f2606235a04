import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, str, strs, time } from "@/lib/clickhouse/sql";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { usageSource } from "@/lib/cost/usage-source";
import { endUserPeriod, type EndUsersQuery } from "./end-user-query";

export type EndUserItem = {
  userId: string;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  spans: number;
  errorSpans: number;
  traces: number;
  sessions: number;
  tenants: string[];
  lastSeen: string | null;
};

type ActivityRow = { user_id: string; traces: number; sessions: number; last_seen: string };

/**
 * Activity per end user in the period: traces and sessions from the time-ordered index (the
 * spans that name the user), tenants, error spans and cost from the usage rollups (where a span
 * without a user counts under its trace's; whole hours, the rollups' grain).
 */
export async function endUserActivity(
  ctx: ProjectContext,
  userIds: string[],
  period: { from: Date; to: Date },
  tenant: string | undefined,
): Promise<Map<string, Omit<EndUserItem, "userId" | "costUsd" | "inputTokens" | "outputTokens" | "spans">>> {
  requirePermission(ctx, "project.read");
  if (userIds.length === 0) return new Map();
  const hourFrom = new Date(Math.floor(period.from.getTime() / 3_600_000) * 3_600_000);
  const hourTo = new Date(Math.ceil(period.to.getTime() / 3_600_000) * 3_600_000);
  const [activity, errors] = await Promise.all([
    queryRows<ActivityRow>({
      projectId: ctx.projectId,
      tag: "users.activity",
      query: sql`
        SELECT user_id, uniqExact(trace_id) AS traces, uniqExactIf(session_id, session_id != '') AS sessions,
               max(start_time) AS last_seen
        FROM ${tables.trace_index}
        WHERE ${tables.trace_index.scope} AND start_time >= ${time(period.from)} AND start_time < ${time(period.to)}
          AND user_id IN ${strs(userIds)}
        GROUP BY user_id`,
    }),
    queryRows<{ user_id: string; error_spans: number; tenants: string[] }>({
      projectId: ctx.projectId,
      tag: "users.errors",
      query: sql`
        SELECT user_id, sum(error_spans) AS error_spans, groupUniqArrayIf(tenant, tenant != '') AS tenants
        FROM (${usageSource(hourFrom, hourTo, false, { byUser: true })})
        WHERE user_id IN ${strs(userIds)} ${tenant !== undefined ? sql`AND tenant = ${str(tenant)}` : sql``}
        GROUP BY user_id`,
    }),
  ]);
  const byUser = new Map(activity.map((a) => [a.user_id, a]));
  const errorsByUser = new Map(errors.map((e) => [e.user_id, e]));
  return new Map(
    userIds.map((id) => {
      const a = byUser.get(id);
      const e = errorsByUser.get(id);
      return [
        id,
        {
          errorSpans: Number(e?.error_spans ?? 0),
          traces: Number(a?.traces ?? 0),
          sessions: Number(a?.sessions ?? 0),
          tenants: [...(e?.tenants ?? [])].sort(),
          lastSeen: a ? fromClickHouseTime(a.last_seen).toISOString() : null,
        },
      ];
    }),
  );
}

/** End users of the period, most expensive first ("top users by cost"), optionally of one tenant. */
export async function listEndUsers({ ctx, query }: { ctx: ProjectContext; query: EndUsersQuery }) {
  requirePermission(ctx, "project.read");
  const period = endUserPeriod(query);
  const cost = await costMetrics({
    ctx,
    query: { ...period, groupBy: ["user"], tenant: query.tenant },
  });
  const top = cost.data.filter((r) => r.user).slice(0, query.limit);
  const activity = await endUserActivity(
    ctx,
    top.map((r) => r.user!),
    period,
    query.tenant,
  );
  const data: EndUserItem[] = top.map((r) => ({
    userId: r.user!,
    costUsd: r.costUsd,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    spans: r.spans,
    ...activity.get(r.user!)!,
  }));
  return { data, from: cost.from, to: cost.to };
}
