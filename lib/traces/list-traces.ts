import "server-only";
import { z } from "zod";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { join, num, param, sql, str, time, type Sql } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { SPAN_KINDS } from "@/lib/domain/span/span-row";
import { ServiceError } from "@/lib/api/errors";
import { can } from "@/lib/auth/permissions";
import { tracesWithLogText } from "@/lib/logs/log-search";
import { decodeCursor, encodeCursor, type TraceCursor } from "./cursor";
import { pricedTraceCosts } from "./trace-costs";

const isoDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const listTracesQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(["error", "ok"]).optional(),
  tenant: z.string().max(200).optional(),
  feature: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  kind: z.enum(SPAN_KINDS).optional(),
  minDurationMs: z.coerce.number().min(0).optional(),
  minCostUsd: z.coerce.number().min(0).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListTracesQuery = z.infer<typeof listTracesQuery>;

export type TraceListItem = {
  traceId: string;
  name: string;
  startTime: string;
  durationMs: number;
  status: "error" | "ok";
  tenant: string;
  feature: string;
  models: string[];
  spanCount: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  errorMessage: string | null;
};

type Row = {
  trace_id: string;
  name: string;
  start: string;
  end: string;
  start_us_text: string;
  tenant: string;
  feature: string;
  models: string[];
  span_count: number;
  error_count: number;
  input_tokens: number;
  output_tokens: number;
  cost: number;
  error_message: string;
};

const DEFAULT_WINDOW_DAYS = 30;

/**
 * Trace ids that may be on the page:
 *   - newest: unfiltered, the newest `limit` by first span time are exactly the page, so only
 *     those are aggregated;
 *   - failing: traces with a failing span from the window's start on (a trace's spans start at
 *     or after its first span, which the page keeps in the window);
 *   - window: other filters, every trace in the window.
 */
type Candidates =
  | { kind: "newest"; limit: number; cursor: TraceCursor | null }
  | { kind: "failing" }
  | { kind: "window" };

function candidates(windowFrom: Date, to: Date, pick: Candidates): Sql {
  const inWindow = sql`${tables.trace_index.scope} AND start_time >= ${time(windowFrom)} AND start_time < ${time(to)}`;
  if (pick.kind === "failing")
    return sql`SELECT trace_id FROM ${tables.trace_index} WHERE ${tables.trace_index.scope} AND start_time >= ${time(windowFrom)} AND is_error`;
  if (pick.kind === "window") return sql`SELECT trace_id FROM ${tables.trace_index} WHERE ${inWindow}`;
  const after = pick.cursor
    ? sql`HAVING (first_us, trace_id) < (${param(pick.cursor.startMicros.toString(), "Int64")}, ${str(pick.cursor.traceId)})`
    : sql``;
  return sql`
    SELECT trace_id FROM (
      SELECT trace_id, toUnixTimestamp64Micro(min(start_time)) AS first_us FROM ${tables.trace_index} WHERE ${inWindow}
      GROUP BY trace_id ${after} ORDER BY first_us DESC, trace_id DESC LIMIT ${param(pick.limit, "UInt32")})`;
}

function queryPage(ctx: ProjectContext, having: Sql[], search: Sql, limit: number, ids: Sql) {
  return queryRows<Row>({
    projectId: ctx.projectId,
    tag: "traces.list",
    query: sql`
      SELECT trace_id, argMaxMerge(name) AS name, min(start_time) AS start, max(end_time) AS end,
             toUnixTimestamp64Micro(start) AS start_us, toString(start_us) AS start_us_text,
             argMinMerge(tenant) AS tenant, argMinMerge(feature) AS feature, groupUniqArrayArray(models) AS models,
             groupUniqArrayArray(kinds) AS kinds,
             sum(span_count) AS span_count, sum(error_count) AS error_count, sum(input_tokens) AS input_tokens,
             sum(output_tokens) AS output_tokens, sum(reported_cost_usd) AS cost, argMaxMerge(error_message) AS error_message
      FROM ${tables.traces}
      WHERE ${tables.traces.scope}
        AND trace_id IN (${ids})
        ${search}
      GROUP BY trace_id
      HAVING ${join(having, " AND ")}
      ORDER BY start_us DESC, trace_id DESC
      LIMIT ${param(limit, "UInt32")}`,
  });
}

/**
 * Traces newest first from the trace-level rollup, priced from the `trace_usage` rollup; spans
 * are read only for text search, which only roles with `payloads.read` may use.
 */
export async function listTraces({ ctx, query }: { ctx: ProjectContext; query: ListTracesQuery }) {
  requirePermission(ctx, "project.read");
  const to = query.to ?? new Date(Date.now() + 60_000);
  const from = query.from ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !cursor)
    throw new ServiceError("bad_request", "cursor: not a cursor this API returned", "cursor");
  // `q` searches payloads (inputs, outputs, tool results, status messages, log bodies): refused
  // to roles that may not read them, as GET /api/v1/logs refuses it, rather than narrowed
  // silently to names (an empty page would read as "no such trace").
  const showPayloads = can(ctx.role, "payloads.read");
  if (query.q !== undefined && !showPayloads)
    throw new ServiceError("forbidden", "q: searching traces reads payloads, which your role may not", "q");

  const having: Sql[] = [sql`start >= ${time(from)}`, sql`start < ${time(to)}`];
  if (query.status === "error") having.push(sql`error_count > 0`);
  if (query.status === "ok") having.push(sql`error_count = 0`);
  if (query.tenant !== undefined) having.push(sql`tenant = ${str(query.tenant)}`);
  if (query.feature !== undefined) having.push(sql`feature = ${str(query.feature)}`);
  if (query.model !== undefined) having.push(sql`has(models, ${str(query.model)})`);
  if (query.kind !== undefined) having.push(sql`has(kinds, ${str(query.kind)})`);
  if (query.minDurationMs !== undefined)
    having.push(sql`dateDiff('millisecond', start, end) >= ${num(query.minDurationMs)}`);
  if (query.minCostUsd !== undefined) having.push(sql`cost >= ${num(query.minCostUsd)}`);
  if (cursor)
    having.push(sql`(start_us, trace_id) < (${param(cursor.startMicros.toString(), "Int64")}, ${str(cursor.traceId)})`);

  const logText = query.q ? tracesWithLogText(ctx, query.q, new Date(from.getTime() - 86_400_000)) : null;
  const search = query.q
    ? sql`AND (trace_id IN (
        SELECT DISTINCT trace_id FROM ${tables.spans}
        WHERE ${tables.spans.scope} AND start_time >= ${time(new Date(from.getTime() - 86_400_000))} AND start_time < ${time(to)}
          AND (positionCaseInsensitive(name, ${str(query.q)}) > 0 OR positionCaseInsensitive(input, ${str(query.q)}) > 0
               OR positionCaseInsensitive(output, ${str(query.q)}) > 0 OR positionCaseInsensitive(status_message, ${str(query.q)}) > 0
               OR positionCaseInsensitive(tool_result, ${str(query.q)}) > 0))${logText ? sql` OR trace_id IN (${logText})` : sql``})`
    : sql``;

  // Newest first without aggregating every trace: look in a recent window of the time-ordered
  // index, and widen it (x4 or more, by the density seen) until the page is full or the whole range is covered. A trace
  // starting inside the window has its first span there, so each window's answer is exact.
  const { status, tenant, feature, model, kind, minDurationMs, minCostUsd, q } = query;
  const unfiltered = [status, tenant, feature, model, kind, minDurationMs, minCostUsd, q].every((v) => v === undefined);
  const pick: Candidates = unfiltered
    ? { kind: "newest", limit: query.limit + 1, cursor }
    : status === "error"
      ? { kind: "failing" }
      : { kind: "window" };
  // After a cursor, windows start at the cursor's time rather than at `to`.
  const upper = cursor ? new Date(Math.min(to.getTime(), Number(cursor.startMicros / 1000n) + 1)) : to;
  const span = upper.getTime() - from.getTime();
  let windowMs = Math.max(60_000, Math.floor(span / 256));
  let rows: Row[] = [];
  for (;;) {
    const windowFrom = new Date(Math.max(from.getTime(), upper.getTime() - windowMs));
    const ids = candidates(windowFrom, upper, pick);
    rows = await queryPage(ctx, [...having, sql`start >= ${time(windowFrom)}`], search, query.limit + 1, ids);
    if (rows.length > query.limit || windowFrom.getTime() <= from.getTime()) break;
    // Traces found so far tell the density: widen to about what the page needs (x4 to x64), so
    // sparse data (few, big traces) takes two or three reads rather than one per x4.
    const needed = rows.length === 0 ? 64 : Math.ceil((1.5 * (query.limit + 1)) / rows.length);
    windowMs *= Math.min(64, Math.max(4, needed));
  }

  const page = rows.slice(0, query.limit);
  const costs = await pricedTraceCosts(
    ctx,
    page.map((r) => r.trace_id),
  );
  const last = page[page.length - 1];
  const data: TraceListItem[] = page.map((r) => {
    const start = fromClickHouseTime(r.start);
    return {
      traceId: r.trace_id,
      name: r.name,
      startTime: start.toISOString(),
      durationMs: Math.max(0, fromClickHouseTime(r.end).getTime() - start.getTime()),
      status: Number(r.error_count) > 0 ? "error" : "ok",
      tenant: r.tenant,
      feature: r.feature,
      models: [...r.models].sort(),
      spanCount: Number(r.span_count),
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      costUsd: costs.get(r.trace_id) ?? Number(r.cost),
      // The first error's status or exception message (else the span name): payload-like.
      errorMessage: showPayloads ? r.error_message || null : null,
    };
  });
  return {
    data,
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ startMicros: BigInt(last.start_us_text), traceId: last.trace_id })
        : null,
  };
}
