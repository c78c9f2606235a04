import "server-only";
import { tables } from "@/lib/clickhouse/tables";
import { join, num, param, sql, str, time, type Sql } from "@/lib/clickhouse/sql";
import { ServiceError } from "@/lib/api/errors";
import { priceIndexColumns, usageCostColumns } from "@/lib/pricing/cost-sql";
import { pricingForUsage } from "@/lib/pricing/pricing-for-usage";
import type { SessionCursor } from "./cursor";
import type { ListSessionsQuery } from "./list-sessions";

// One filter per column of the sessions list, as HAVING conditions over the per-session
// aggregate (SESSION_COLUMNS). Cost and the latest score are not columns of the aggregate: cost
// is priced in the engine from trace_usage (the same rules as pricedTraceCosts) only when a cost
// filter asks for it, and a score filter is a semi-join on the scores of the candidates' traces.

const RANGES = [
  ["minTurns", "maxTurns"],
  ["minDurationMs", "maxDurationMs"],
  ["minTokens", "maxTokens"],
  ["minCostUsd", "maxCostUsd"],
  ["minScore", "maxScore"],
] as const;

/** 400 naming the field for a min above its max, or a score bound without the score's name. */
export function checkSessionFilters(query: ListSessionsQuery): void {
  for (const [min, max] of RANGES) {
    const low = query[min];
    const high = query[max];
    if (low !== undefined && high !== undefined && low > high)
      throw new ServiceError("bad_request", `${min}: must not be above ${max}`, min);
  }
  if (query.scoreName !== undefined) return;
  for (const bound of ["minScore", "maxScore"] as const)
    if (query[bound] !== undefined) throw new ServiceError("bad_request", `${bound}: needs a scoreName`, bound);
}

/** True when no filter narrows the list. */
function isUnfiltered(query: ListSessionsQuery): boolean {
  const { status, tenant, userId, feature, model, scoreName } = query;
  return (
    [status, tenant, userId, feature, model, scoreName].every((v) => v === undefined) &&
    RANGES.every(([min, max]) => query[min] === undefined && query[max] === undefined)
  );
}

/**
 * True when the candidates alone decide the page: no filter, or only the failed-turn one (a
 * candidate then has a failing span in a trace of its own, which is what a failed turn is), so
 * only the newest candidates are read, as unfiltered.
 */
export function candidatesDecide(query: ListSessionsQuery): boolean {
  return isUnfiltered({ ...query, status: undefined }) && query.status !== "ok";
}

export const wantsCost = (query: ListSessionsQuery) => query.minCostUsd !== undefined || query.maxCostUsd !== undefined;

function between(expr: Sql, min: number | undefined, max: number | undefined): Sql[] {
  return [
    ...(min !== undefined ? [sql`${expr} >= ${num(min)}`] : []),
    ...(max !== undefined ? [sql`${expr} <= ${num(max)}`] : []),
  ];
}

/** The traces of the sessions in `ids` (a subquery of session ids). */
const tracesOf = (ids: Sql) =>
  sql`SELECT trace_id FROM ${tables.session_traces} WHERE ${tables.session_traces.scope} AND session_id IN (${ids})`;

/** Sessions whose latest score named `name` (the last write of any source) lies in [min, max]. */
function scoreFilter(ids: Sql, name: string, min: number | undefined, max: number | undefined): Sql {
  const bounds = between(sql`value`, min, max);
  return sql`session_id IN (
    SELECT session_id FROM (
      SELECT session_id, argMax(value, at) AS value FROM (
        SELECT session_id, argMax(value, written_at) AS value, max(written_at) AS at FROM ${tables.scores}
        WHERE ${tables.scores.scope} AND trace_id IN (${tracesOf(ids)}) AND session_id != '' AND name = ${str(name)}
        GROUP BY trace_id, span_id, name, source, session_id)
      GROUP BY session_id)
    ${bounds.length ? sql`WHERE ${join(bounds, " AND ")}` : sql``})`;
}

export function sessionFilters(query: ListSessionsQuery, ids: Sql, from: Date, to: Date, cursor: SessionCursor | null) {
  const having: Sql[] = [sql`start >= ${time(from)}`, sql`start < ${time(to)}`];
  if (query.status === "error") having.push(sql`failed_turns > 0`);
  if (query.status === "ok") having.push(sql`failed_turns = 0`);
  if (query.tenant !== undefined) having.push(sql`tenant = ${str(query.tenant)}`);
  if (query.userId !== undefined) having.push(sql`user_id = ${str(query.userId)}`);
  if (query.feature !== undefined) having.push(sql`has(features, ${str(query.feature)})`);
  if (query.model !== undefined) having.push(sql`has(models, ${str(query.model)})`);
  having.push(...between(sql`turns`, query.minTurns, query.maxTurns));
  having.push(
    ...between(
      sql`(toUnixTimestamp64Milli(max(t_end)) - toUnixTimestamp64Milli(min(t_start)))`,
      query.minDurationMs,
      query.maxDurationMs,
    ),
  );
  having.push(...between(sql`(input_tokens + output_tokens)`, query.minTokens, query.maxTokens));
  having.push(...between(sql`cost`, query.minCostUsd, query.maxCostUsd));
  if (query.scoreName !== undefined) having.push(scoreFilter(ids, query.scoreName, query.minScore, query.maxScore));
  if (cursor)
    having.push(
      sql`(start_us, session_id) < (${param(cursor.startMicros.toString(), "Int64")}, ${str(cursor.sessionId)})`,
    );
  return having;
}

/**
 * Priced cost per trace of the sessions in `ids`, for a cost filter: the WITH clause to put
 * first and the per-trace rows to join. Names are read fresh: a model missing from the cached
 * names would price at zero and drop a session the filter should keep.
 */
export async function sessionTraceCosts(projectId: string, ids: Sql): Promise<{ withPrices: Sql; costs: Sql }> {
  const source = sql`
    SELECT trace_id, hour, model, gpu_type, tier_tokens, cost_reported, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd
    FROM ${tables.trace_usage} WHERE ${tables.trace_usage.scope} AND trace_id IN (${tracesOf(ids)})`;
  const { withPrices } = await pricingForUsage(projectId, source, { fresh: true });
  return {
    withPrices,
    costs: sql`SELECT trace_id, sum(cost_usd) AS t_cost FROM (SELECT *, ${priceIndexColumns}, ${usageCostColumns} FROM (${source})) GROUP BY trace_id`,
  };
}
