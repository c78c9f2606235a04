import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { param, sql, str, strs } from "@/lib/clickhouse/sql";
import { notFound } from "@/lib/api/errors";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { pricedTraceCosts } from "@/lib/traces/trace-costs";
import { LATEST_SCORE_COLUMNS, type LatestScore } from "@/lib/scores/latest-score-columns";
import { listSessions, listSessionsQuery, readSessions, sessionItems } from "./list-sessions";
import { sessionTraceRows } from "./session-rows";
import { turnOf, type TurnSpan } from "./turn-text";

/** Turns read per session (a longer conversation answers its first ones and says it was cut). */
export const MAX_TURNS = 500;

type TraceRow = {
  trace_id: string;
  t_start: string;
  t_end: string;
  t_name: string;
  t_feature: string;
  t_user: string;
  t_models: string[];
  t_spans: number;
  t_errors: number;
  t_input: number;
  t_output: number;
  t_error_message: string;
};

export type SessionTurn = {
  index: number;
  traceId: string;
  name: string;
  startTime: string;
  durationMs: number;
  status: "error" | "ok";
  feature: string;
  models: string[];
  spanCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Payloads: null for roles without `payloads.read`. */
  userMessage: string | null;
  answer: string | null;
  errorMessage: string | null;
  /** The step that failed (the earliest failing span without a failing child). */
  failingStep: { spanId: string; name: string; kind: string } | null;
};

/**
 * One conversation: its turns (traces) in order with each turn's message and answer, totals
 * per turn and for the session, the first failing turn, and the same feature's last session
 * without a failed turn before it (to compare turn by turn). Another project's session is a 404.
 */
export async function getSession({ ctx, sessionId }: { ctx: ProjectContext; sessionId: string }) {
  requirePermission(ctx, "project.read");
  if (!sessionId || sessionId.length > 256) throw notFound("Session not found");
  const one = sql`SELECT ${str(sessionId)}`;
  const [summary] = await readSessions(ctx, one, [sql`1`], 1);
  if (!summary) throw notFound("Session not found");
  // Every trace's cost, read once for the session's total and its turns.
  const costs = await pricedTraceCosts(ctx, summary.trace_ids);
  const [item] = await sessionItems(ctx, [summary], costs);

  const traces = await queryRows<TraceRow>({
    projectId: ctx.projectId,
    tag: "sessions.get.turns",
    query: sql`SELECT * FROM (${sessionTraceRows(one)}) ORDER BY t_start, trace_id LIMIT ${param(MAX_TURNS, "UInt32")}`,
  });
  const ids = traces.map((t) => t.trace_id);
  const [spans, scores] = await Promise.all([
    queryRows<TurnSpan & { trace_id: string }>({
      projectId: ctx.projectId,
      tag: "sessions.get.spans",
      query: sql`
        SELECT trace_id, span_id, parent_span_id, toString(kind) AS kind, start_time, toString(status) AS status, name, input, output
        FROM ${tables.spans} WHERE ${tables.spans.scope} AND trace_id IN ${strs(ids)}
        ORDER BY trace_id, span_id, ingested_at DESC LIMIT 1 BY trace_id, span_id`,
    }),
    // A session's scores sit on its first trace (lib/scores/write-scores.ts), so the key finds them.
    queryRows<LatestScore>({
      projectId: ctx.projectId,
      tag: "sessions.get.scores",
      query: sql`
        SELECT ${LATEST_SCORE_COLUMNS} FROM ${tables.scores}
        WHERE ${tables.scores.scope} AND trace_id IN ${strs(ids.slice(0, 1))} AND session_id = ${str(sessionId)}
        GROUP BY trace_id, span_id, name, source, session_id ORDER BY name, source`,
    }),
  ]);
  const byTrace = new Map<string, TurnSpan[]>();
  for (const s of spans) byTrace.set(s.trace_id, [...(byTrace.get(s.trace_id) ?? []), s]);
  const showPayloads = can(ctx.role, "payloads.read");
  const payload = (value: string) => (showPayloads ? value || null : null);

  const turns: SessionTurn[] = traces.map((t, index) => {
    const turn = turnOf(byTrace.get(t.trace_id) ?? []);
    const start = fromClickHouseTime(t.t_start);
    return {
      index: index + 1,
      traceId: t.trace_id,
      name: t.t_name,
      startTime: start.toISOString(),
      durationMs: Math.max(0, fromClickHouseTime(t.t_end).getTime() - start.getTime()),
      status: Number(t.t_errors) > 0 ? "error" : "ok",
      feature: t.t_feature,
      models: [...t.t_models].sort(),
      spanCount: Number(t.t_spans),
      inputTokens: Number(t.t_input),
      outputTokens: Number(t.t_output),
      costUsd: costs.get(t.trace_id) ?? 0,
      userMessage: payload(turn.userMessage),
      answer: payload(turn.answer),
      errorMessage: Number(t.t_errors) > 0 ? payload(t.t_error_message) : null,
      failingStep: turn.failingSpan
        ? { spanId: turn.failingSpan.span_id, name: turn.failingSpan.name, kind: turn.failingSpan.kind }
        : null,
    };
  });
  const session = item!;
  const feature = session.features[0];
  const baseline = feature
    ? (
        await listSessions({
          ctx,
          query: listSessionsQuery.parse({ feature, status: "ok", to: session.startTime, limit: 1 }),
        })
      ).data[0]
    : undefined;
  return {
    ...session,
    traceIds: undefined,
    turns,
    turnsCut: Number(summary.turns) > turns.length,
    firstFailedTurn: turns.find((t) => t.status === "error")?.index ?? null,
    baselineSessionId: baseline?.sessionId ?? null,
    scores: scores.map((s) => ({
      name: s.name,
      source: s.source,
      value: s.value,
      label: s.label || null,
      // Comments are free text about the conversation: payload-like.
      comment: showPayloads ? s.comment || null : null,
      author: s.author,
    })),
    payloadsHidden: !showPayloads,
  };
}
