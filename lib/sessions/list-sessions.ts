import "server-only";
import { z } from "zod";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { join, param, sql, str, strs, time, type Sql } from "@/lib/clickhouse/sql";
import { LATEST_SCORE_COLUMNS } from "@/lib/scores/latest-score-columns";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { ServiceError } from "@/lib/api/errors";
import { pricedTraceCosts } from "@/lib/traces/trace-costs";
import { decodeSessionCursor, encodeSessionCursor, type SessionCursor } from "./cursor";
import { candidatesDecide, checkSessionFilters, sessionFilters, sessionTraceCosts, wantsCost } from "./session-filters";
import { SESSION_COLUMNS, sessionTraceRows, type SessionAggregateRow } from "./session-rows";

const isoDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
const id = z.string().min(1).max(256);

export const listSessionsQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** `error`: sessions with at least one failed turn (a trace with a failing span); `ok`: none. */
  status: z.enum(["error", "ok"]).optional(),
  tenant: z.string().max(200).optional(),
  userId: id.optional(),
  feature: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  minTurns: z.coerce.number().int().min(1).optional(),
  maxTurns: z.coerce.number().int().min(1).optional(),
  /** Duration: from the first turn's start to the last turn's end. */
  minDurationMs: z.coerce.number().min(0).optional(),
  maxDurationMs: z.coerce.number().min(0).optional(),
  /** Tokens: input plus output, as the list shows them. */
  minTokens: z.coerce.number().int().min(0).optional(),
  maxTokens: z.coerce.number().int().min(0).optional(),
  minCostUsd: z.coerce.number().min(0).optional(),
  maxCostUsd: z.coerce.number().min(0).optional(),
  /** Sessions with a score of this name; with minScore / maxScore, its latest value in that range. */
  scoreName: z.string().min(1).max(200).optional(),
  minScore: z.coerce.number().optional(),
  maxScore: z.coerce.number().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1200).optional(),
});
export type ListSessionsQuery = z.infer<typeof listSessionsQuery>;

export type SessionListItem = {
  sessionId: string;
  startTime: string;
  durationMs: number;
  turns: number;
  failedTurns: number;
  status: "error" | "ok";
  tenant: string;
  userId: string;
  features: string[];
  models: string[];
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** The session's most recently written score (POST /api/v1/scores with sessionId), if any. */
  latestScore: { name: string; value: number | null; label: string | null } | null;
  traceIds: string[];
};

const DEFAULT_WINDOW_DAYS = 30;

/** What narrows the candidates before the list aggregates them: the HAVING conditions still decide. */
type Narrowing = { userId?: string; failed: boolean; to: Date };

/**
 * Session ids with a span naming them in [windowFrom, to); unfiltered, only the newest `limit`.
 * With a user or the failed-turn filter, only sessions with a trace that names that end user, or
 * has a failing span, from the window's start to the period's end (a session on an older page
 * can fail after the cursor): the list's HAVING still checks the session, this keeps it from
 * aggregating every session of the window to find a few (p95 424 ms at 200k spans before).
 */
function candidates(
  windowFrom: Date,
  to: Date,
  newest: { limit: number; cursor: SessionCursor | null } | null,
  narrowing: Narrowing,
): Sql {
  const startsIn = (end: Date) =>
    sql`${tables.trace_index.scope} AND start_time >= ${time(windowFrom)} AND start_time < ${time(end)}`;
  const timeRange = startsIn(to);
  const untilEnd = startsIn(narrowing.to);
  const narrowed = [
    narrowing.userId === undefined ? null : sql`user_id = ${str(narrowing.userId)}`,
    narrowing.failed ? sql`is_error = 1` : null,
  ]
    .filter((condition) => condition !== null)
    // By session, through its traces: the span that names the user or fails is often not the
    // one that names the session. Its traces all start in the same range (the session starts in
    // the window), so the index maps them to their session without reading session_traces whole.
    .map(
      (condition) =>
        sql` AND session_id IN (SELECT session_id FROM ${tables.trace_index} WHERE ${untilEnd} AND session_id != '' AND trace_id IN (SELECT trace_id FROM ${tables.trace_index} WHERE ${untilEnd} AND ${condition}))`,
    );
  const inWindow = sql`${timeRange} AND session_id != ''${join(narrowed, "")}`;
  if (!newest) return sql`SELECT DISTINCT session_id FROM ${tables.trace_index} WHERE ${inWindow}`;
  const after = newest.cursor
    ? sql`HAVING (first_us, session_id) < (${param(newest.cursor.startMicros.toString(), "Int64")}, ${str(newest.cursor.sessionId)})`
    : sql``;
  return sql`
    SELECT session_id FROM (
      SELECT session_id, toUnixTimestamp64Micro(min(start_time)) AS first_us FROM ${tables.trace_index} WHERE ${inWindow}
      GROUP BY session_id ${after} ORDER BY first_us DESC, session_id DESC LIMIT ${param(newest.limit, "UInt32")})`;
}

/**
 * Rows of sessions (as the list aggregates them) among `ids`, newest first. With `priced`
 * (sessionTraceCosts), each session also has its `cost` for a HAVING condition.
 */
export function readSessions(
  ctx: ProjectContext,
  ids: Sql,
  having: Sql[],
  limit: number,
  priced?: { withPrices: Sql; costs: Sql },
) {
  requirePermission(ctx, "project.read");
  const rows = priced
    ? sql`SELECT r.*, c.t_cost AS t_cost FROM (${sessionTraceRows(ids)}) AS r LEFT JOIN (${priced.costs}) AS c ON r.trace_id = c.trace_id`
    : sessionTraceRows(ids);
  return queryRows<SessionAggregateRow>({
    projectId: ctx.projectId,
    tag: "sessions.list",
    query: sql`
      ${priced ? sql`WITH ${priced.withPrices}` : sql``}
      SELECT ${SESSION_COLUMNS}${priced ? sql`, sum(t_cost) AS cost` : sql``}
      FROM (${rows})
      GROUP BY session_id
      HAVING ${join(having, " AND ")}
      ORDER BY start_us DESC, session_id DESC
      LIMIT ${param(limit, "UInt32")}`,
  });
}

type LatestRow = { session_id: string; name: string; value: number | null; label: string };

/** Each session's latest score: session scores sit on the session's first trace (write-scores.ts). */
async function latestSessionScores(ctx: ProjectContext, rows: SessionAggregateRow[]) {
  if (rows.length === 0) return new Map<string, SessionListItem["latestScore"]>();
  const latest = await queryRows<LatestRow>({
    projectId: ctx.projectId,
    tag: "sessions.list.scores",
    query: sql`
      SELECT session_id, argMax(name, at) AS name, argMax(value, at) AS value, argMax(label, at) AS label FROM (
        SELECT ${LATEST_SCORE_COLUMNS}, max(written_at) AS at FROM ${tables.scores}
        WHERE ${tables.scores.scope} AND trace_id IN ${strs(rows.map((r) => r.first_trace))}
          AND session_id IN ${strs(rows.map((r) => r.session_id))}
        GROUP BY trace_id, span_id, name, source, session_id)
      GROUP BY session_id`,
  });
  return new Map(latest.map((s) => [s.session_id, { name: s.name, value: s.value, label: s.label || null }]));
}

/**
 * List items with each session's cost: the priced cost of its traces (trace_usage), summed.
 * `priced`: those traces' costs, when the caller has read them already.
 */
export async function sessionItems(
  ctx: ProjectContext,
  rows: SessionAggregateRow[],
  priced?: Map<string, number>,
): Promise<SessionListItem[]> {
  requirePermission(ctx, "project.read");
  const [costs, scores] = await Promise.all([
    priced ??
      pricedTraceCosts(
        ctx,
        rows.flatMap((r) => r.trace_ids),
      ),
    latestSessionScores(ctx, rows),
  ]);
  return rows.map((r) => {
    const start = fromClickHouseTime(r.start);
    return {
      sessionId: r.session_id,
      startTime: start.toISOString(),
      durationMs: Math.max(0, fromClickHouseTime(r.end).getTime() - start.getTime()),
      turns: Number(r.turns),
      failedTurns: Number(r.failed_turns),
      status: Number(r.failed_turns) > 0 ? "error" : "ok",
      tenant: r.tenant,
      userId: r.user_id,
      features: [...r.features].sort(),
      models: [...r.models].sort(),
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      costUsd: r.trace_ids.reduce((sum, t) => sum + (costs.get(t) ?? 0), 0),
      latestScore: scores.get(r.session_id) ?? null,
      traceIds: r.trace_ids,
    };
  });
}

/**
 * Sessions newest first (by their first turn), with cursor paging. As the trace list does, it
 * looks for candidates in a recent window of the time-ordered index and widens the window
 * until the page is full: a session starting in the window has its first span there.
 */
export async function listSessions({ ctx, query }: { ctx: ProjectContext; query: ListSessionsQuery }) {
  requirePermission(ctx, "project.read");
  const to = query.to ?? new Date(Date.now() + 60_000);
  const from = query.from ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
  const cursor = query.cursor ? decodeSessionCursor(query.cursor) : null;
  if (query.cursor && !cursor)
    throw new ServiceError("bad_request", "cursor: not a cursor this API returned", "cursor");
  checkSessionFilters(query);
  const newestOnly = candidatesDecide(query);

  const upper = cursor ? new Date(Math.min(to.getTime(), Number(cursor.startMicros / 1000n) + 1)) : to;
  let windowMs = Math.max(60_000, Math.floor((upper.getTime() - from.getTime()) / 256));
  let rows: SessionAggregateRow[] = [];
  for (;;) {
    const windowFrom = new Date(Math.max(from.getTime(), upper.getTime() - windowMs));
    const ids = candidates(windowFrom, upper, newestOnly ? { limit: query.limit + 1, cursor } : null, {
      userId: query.userId,
      failed: query.status === "error",
      to,
    });
    const having = [...sessionFilters(query, ids, from, to, cursor), sql`start >= ${time(windowFrom)}`];
    const priced = wantsCost(query) ? await sessionTraceCosts(ctx.projectId, ids) : undefined;
    rows = await readSessions(ctx, ids, having, query.limit + 1, priced);
    if (rows.length > query.limit || windowFrom.getTime() <= from.getTime()) break;
    const needed = rows.length === 0 ? 64 : Math.ceil((1.5 * (query.limit + 1)) / rows.length);
    windowMs *= Math.min(64, Math.max(4, needed));
  }
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: await sessionItems(ctx, page),
    nextCursor:
      rows.length > query.limit && last
        ? encodeSessionCursor({ startMicros: BigInt(last.start_us_text), sessionId: last.session_id })
        : null,
  };
}
