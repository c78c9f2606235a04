import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { insertRows, queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { columns, sql, str, strs } from "@/lib/clickhouse/sql";
import { deleteRows } from "@/lib/retention/delete-rows";
import { storedRetention } from "@/lib/retention/retention-settings";
import { usageCounting } from "@/lib/domain/usage/usage-counting";
import { USAGE_SPAN_COLUMNS, usageRows, type UsageRow, type UsageSpan } from "@/lib/domain/usage/usage-rows";
import { namesOtherUser, namesUser, sessionIds } from "./identity-keys";

// A privacy request: everything stored about one end user of the project. Their traces are those
// with a span naming them (USER_ID_KEYS), and the other traces of their sessions unless a span
// there names someone else. Whole traces go (spans, logs, the trace list's rollups, scores on
// them), with their feedback scores anywhere, and their usage comes off the cost rollups.
// Spans whose payloads retention already blanked no longer carry the user id, nor anything of theirs.

export const userIdParam = z.string().trim().min(1, "userId is required").max(200, "userId is at most 200 characters");

export type UserDataRemoval = {
  traces: number;
  sessions: number;
  spans: number;
  logs: number;
  scores: number;
  usageRowsCorrected: number;
};

async function userTraces(projectId: string, userId: string): Promise<{ traceIds: string[]; sessions: number }> {
  const own = await queryRows<{ trace_id: string }>({
    projectId,
    tag: "privacy.user_traces",
    query: sql`SELECT DISTINCT trace_id FROM ${tables.spans} WHERE ${tables.spans.scope} AND ${namesUser(userId)}`,
  });
  if (own.length === 0) return { traceIds: [], sessions: 0 };
  const ownIds = own.map((t) => t.trace_id);
  const sessions = await queryRows<{ session: string }>({
    projectId,
    tag: "privacy.user_sessions",
    query: sql`SELECT DISTINCT session FROM (SELECT arrayJoin(${sessionIds()}) AS session FROM ${tables.spans} WHERE ${tables.spans.scope} AND trace_id IN ${strs(ownIds)}) WHERE session != ''`,
  });
  if (sessions.length === 0) return { traceIds: ownIds, sessions: 0 };
  const shared = await queryRows<{ trace_id: string }>({
    projectId,
    tag: "privacy.session_traces",
    query: sql`SELECT trace_id FROM ${tables.spans} WHERE ${tables.spans.scope} AND hasAny(${sessionIds()}, ${strs(sessions.map((s) => s.session))})
               GROUP BY trace_id HAVING countIf(${namesOtherUser(userId)}) = 0`,
  });
  return { traceIds: [...new Set([...ownIds, ...shared.map((t) => t.trace_id)])], sessions: sessions.length };
}

/** The usage these traces added to `usage_hourly`, negated (usage_daily follows through its view). */
async function usageCorrection(projectId: string, traceIds: string[]): Promise<UsageRow[]> {
  const spans = await queryRows<UsageSpan>({
    projectId,
    tag: "privacy.user_usage",
    query: sql`SELECT ${columns(USAGE_SPAN_COLUMNS)} FROM ${tables.spans} WHERE ${tables.spans.scope} AND trace_id IN ${strs(traceIds)} LIMIT 1 BY trace_id, span_id`,
  });
  const { costDays } = await storedRetention(projectId);
  // Hours the cost retention already removed have nothing left to correct.
  const firstKept =
    costDays === null ? "" : new Date(Date.now() - (costDays + 1) * 86_400_000).toISOString().slice(0, 10);
  return usageRows(spans, [], usageCounting(spans, []))
    .filter((r) => r.hour >= firstKept)
    .map((r) => ({
      ...r,
      spans: -r.spans,
      error_spans: -r.error_spans,
      input_tokens: -r.input_tokens,
      cached_input_tokens: -r.cached_input_tokens,
      output_tokens: -r.output_tokens,
      gpu_seconds: -r.gpu_seconds,
      reported_cost_usd: -r.reported_cost_usd,
      ttft_ms_sum: -r.ttft_ms_sum,
      ttft_count: -r.ttft_count,
      tpot_ms_sum: -r.tpot_ms_sum,
      tpot_count: -r.tpot_count,
    }));
}

export async function deleteUserData({
  ctx,
  userId,
}: {
  ctx: ProjectContext;
  userId: string;
}): Promise<{ userId: string } & UserDataRemoval> {
  requirePermission(ctx, "data.delete");
  const { projectId } = ctx;
  const { traceIds, sessions } = await userTraces(projectId, userId);
  const removed: UserDataRemoval = {
    traces: traceIds.length,
    sessions,
    spans: 0,
    logs: 0,
    scores: 0,
    usageRowsCorrected: 0,
  };
  if (traceIds.length > 0) {
    const correction = await usageCorrection(projectId, traceIds);
    const theirs = sql`trace_id IN ${strs(traceIds)}`;
    // Spans first: if the correction then fails, `npm run usage:rebuild` recomputes the rollups
    // from what is left, whereas subtracting first and failing could subtract twice on a retry.
    removed.spans = await deleteRows(projectId, "spans", theirs, "privacy.spans");
    await insertRows("usage_hourly", correction);
    removed.usageRowsCorrected = correction.length;
    await deleteRows(projectId, "trace_index", theirs, "privacy.trace_index");
    await deleteRows(projectId, "trace_usage", theirs, "privacy.trace_usage");
    await deleteRows(projectId, "session_traces", theirs, "privacy.session_traces");
    await deleteRows(projectId, "traces", theirs, "privacy.traces");
    removed.logs = await deleteRows(projectId, "logs", theirs, "privacy.logs");
  }
  const scores =
    traceIds.length > 0
      ? sql`(trace_id IN ${strs(traceIds)} OR (source = 'feedback' AND author = ${str(userId)}))`
      : sql`source = 'feedback' AND author = ${str(userId)}`;
  removed.scores = await deleteRows(projectId, "scores", scores, "privacy.scores");
  // The audit names the request by a hash of the id: the log should not keep what was erased.
  const userIdSha256 = createHash("sha256").update(userId).digest("hex");
  await recordAuditEvent({
    projectId,
    actor: ctx.actor,
    action: "privacy.user_data.delete",
    target: `sha256:${userIdSha256}`,
    details: { ...removed },
  });
  return { userId, ...removed };
}
