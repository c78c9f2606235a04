import "server-only";
import { insertRows, queryRows, runCommand } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { columns, param, sql, strs, type Param, type Sql } from "@/lib/clickhouse/sql";
import type { AttributionKeys } from "@/lib/domain/ingest-settings";
import { usageCounting } from "@/lib/domain/usage/usage-counting";
import { USAGE_SPAN_COLUMNS, usageRows, type UsageRow, type UsageSpan } from "@/lib/domain/usage/usage-rows";
import { updateRows } from "@/lib/retention/delete-rows";
import { spanIdentity } from "../normalize/normalize-span";

// `npm run sessions:backfill`: spans stored before ClickHouse migration 0017 have empty
// session_id and user_id columns although their attributes carry the ids. This re-derives them
// with ingest's own rules (spanIdentity), fills only empty columns (a span keeps what it carries),
// and brings what the views would have written from them: session_traces, trace_index rows
// naming the ids, the `traces` rollup's argMin states, and the usage rows' user_id.
//
// Order per batch: the derived rows first, then the spans, then the usage correction. Derived
// rows repeated by a rerun after a failure change no answer (min, argMin over equal candidates,
// index rows readers already take as "some span says"); a completed run leaves no span to change,
// so a second run writes nothing. As with privacy requests, if the usage correction fails after
// the spans were updated, `npm run usage:rebuild` recomputes the rollups.

// Spans read per pass, attributes included and in memory together (a flattened LLM span's
// attributes can reach tens of KB); each pass also scans the project's trace ids once.
const SPANS_PER_PASS = 50_000;
// Changed spans per statement: their keys and ids travel as array parameters, which a server
// takes in the URL (at most 1 MiB): 2,000 keys of 48 characters plus ids up to 256 each fit.
const SPANS_PER_BATCH = 2_000;

type StoredSpan = {
  trace_id: string;
  span_id: string;
  session_id: string;
  user_id: string;
  attributes: Record<string, string>;
  resource_attributes: Record<string, string>;
};
type Change = { trace_id: string; span_id: string; session_id: string; user_id: string };
export type IdentityBackfill = { spansRead: number; spansChanged: number; traces: number; usageRows: number };

/** The spans of one pass whose empty columns the attributes fill. */
async function changesOf(
  projectId: string,
  pass: Sql,
  keys: AttributionKeys,
): Promise<{ read: number; changes: Change[] }> {
  const spans = await queryRows<StoredSpan>({
    projectId,
    tag: "sessions.backfill.read",
    query: sql`SELECT trace_id, span_id, session_id, user_id, attributes, resource_attributes FROM ${tables.spans} FINAL
               WHERE ${tables.spans.scope} AND ${pass} AND (session_id = '' OR user_id = '')`,
  });
  const changes: Change[] = [];
  for (const s of spans) {
    const found = spanIdentity(s.attributes, s.resource_attributes, keys);
    const next = { session_id: s.session_id || found.session_id, user_id: s.user_id || found.user_id };
    if (next.session_id !== s.session_id || next.user_id !== s.user_id)
      changes.push({ trace_id: s.trace_id, span_id: s.span_id, ...next });
  }
  return { read: spans.length, changes };
}

/** The batch's spans as they will be: their columns where set, else the derived ids. */
function batchSpans(batch: Change[]): { spans: Sql; keys: Param } {
  const keys = strs(batch.map((c) => c.trace_id + c.span_id));
  const key = sql`concat(trace_id, span_id)`;
  const spans = sql`
    SELECT project_id, trace_id, span_id, parent_span_id, start_time, status,
           if(session_id != '', session_id, transform(${key}, ${keys}, ${strs(batch.map((c) => c.session_id))}, '')) AS b_session,
           if(user_id != '', user_id, transform(${key}, ${keys}, ${strs(batch.map((c) => c.user_id))}, '')) AS b_user
    FROM ${tables.spans} FINAL
    WHERE ${tables.spans.scope} AND trace_id IN ${strs([...new Set(batch.map((c) => c.trace_id))])} AND ${key} IN ${keys}`;
  return { spans, keys };
}

/** What the views (migration 0017) would have written from the batch's spans, had they named the ids. */
async function writeDerived(projectId: string, spans: Sql): Promise<void> {
  await runCommand({
    projectId,
    tag: "sessions.backfill.session_traces",
    query: sql`INSERT INTO ${tables.session_traces.target} (project_id, session_id, trace_id, start_time)
               SELECT project_id, b_session, trace_id, min(start_time) FROM (${spans}) WHERE b_session != '' GROUP BY project_id, b_session, trace_id`,
  });
  await runCommand({
    projectId,
    tag: "sessions.backfill.trace_index",
    query: sql`INSERT INTO ${tables.trace_index.target} (project_id, start_time, trace_id, is_error, session_id, user_id)
               SELECT project_id, start_time, trace_id, toUInt8(status = 'error'), b_session, b_user FROM (${spans})`,
  });
  // Neutral rollup rows (no spans, no usage, the first span's time as start and end) carrying the
  // states; merged with the stored ones, the trace's session and user are decided as at ingest.
  const order = (value: string) =>
    sql`tuple(toUInt8(${columns([value])} = ''), toUInt8(parent_span_id != ''), toUnixTimestamp64Micro(start_time), span_id)`;
  await runCommand({
    projectId,
    tag: "sessions.backfill.traces",
    query: sql`INSERT INTO ${tables.traces.target} (project_id, trace_id, start_time, end_time, session_id, user_id)
               SELECT project_id, trace_id, min(start_time), min(start_time),
                      argMinState(b_session, ${order("b_session")}), argMinState(b_user, ${order("b_user")})
               FROM (${spans}) GROUP BY project_id, trace_id`,
  });
}

const USAGE_SUMS = [
  "spans",
  "error_spans",
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "gpu_seconds",
  "reported_cost_usd",
  "ttft_ms_sum",
  "ttft_count",
  "tpot_ms_sum",
  "tpot_count",
] as const satisfies ReadonlyArray<keyof UsageRow>;

/** The usage rows of `after` minus those of `before` (the same traces), only where they differ. */
function usageDifference(before: UsageSpan[], after: UsageSpan[]): UsageRow[] {
  const rows = new Map<string, UsageRow>();
  const add = (spans: UsageSpan[], sign: 1 | -1) => {
    for (const r of usageRows(spans, [], usageCounting(spans, []))) {
      const { project_id, hour, tenant, feature, user_id, model, kind, gpu_type, tier_tokens, cost_reported } = r;
      const key = JSON.stringify([hour, tenant, feature, user_id, model, kind, gpu_type, tier_tokens, cost_reported]);
      const sum = rows.get(key) ?? { ...r, ...Object.fromEntries(USAGE_SUMS.map((c) => [c, 0])), project_id };
      for (const c of USAGE_SUMS) sum[c] += sign * r[c];
      rows.set(key, sum);
    }
  };
  add(before, -1);
  add(after, 1);
  return [...rows.values()].filter((r) => USAGE_SUMS.some((c) => Math.abs(r[c]) > 1e-12));
}

async function traceSpans(projectId: string, traceIds: string[]): Promise<UsageSpan[]> {
  return queryRows<UsageSpan>({
    projectId,
    tag: "sessions.backfill.usage_spans",
    query: sql`SELECT ${columns(USAGE_SPAN_COLUMNS)} FROM ${tables.spans} FINAL WHERE ${tables.spans.scope} AND trace_id IN ${strs(traceIds)}`,
  });
}

/** Fills session_id and user_id of a project's stored spans from their attributes; see above. */
export async function backfillIdentity(projectId: string, keys: AttributionKeys): Promise<IdentityBackfill> {
  const [size] = await queryRows<{ spans: number }>({
    projectId,
    tag: "sessions.backfill.size",
    query: sql`SELECT count() AS spans FROM ${tables.spans} WHERE ${tables.spans.scope} AND (session_id = '' OR user_id = '')`,
  });
  const passes = Math.max(1, Math.ceil(Number(size?.spans ?? 0) / SPANS_PER_PASS));
  const result: IdentityBackfill = { spansRead: 0, spansChanged: 0, traces: 0, usageRows: 0 };
  for (let i = 0; i < passes; i++) {
    const pass = sql`cityHash64(trace_id) % ${param(passes, "UInt64")} = ${param(i, "UInt64")}`;
    const { read, changes } = await changesOf(projectId, pass, keys);
    result.spansRead += read;
    // Batches hold whole traces, so that each trace's usage is recomputed once, over all its changes.
    const byTrace = new Map<string, Change[]>();
    for (const c of changes) {
      const list = byTrace.get(c.trace_id);
      if (list) list.push(c);
      else byTrace.set(c.trace_id, [c]);
    }
    let batch: Change[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const traceIds = [...new Set(batch.map((c) => c.trace_id))];
      const { spans, keys: spanKeys } = batchSpans(batch);
      await writeDerived(projectId, spans);
      const before = await traceSpans(projectId, traceIds);
      const changed = new Map(batch.map((c) => [c.trace_id + c.span_id, c]));
      const key = sql`concat(trace_id, span_id)`;
      await updateRows(
        projectId,
        "spans",
        sql`session_id = if(session_id != '', session_id, transform(${key}, ${spanKeys}, ${strs(batch.map((c) => c.session_id))}, '')),
            user_id = if(user_id != '', user_id, transform(${key}, ${spanKeys}, ${strs(batch.map((c) => c.user_id))}, ''))`,
        sql`trace_id IN ${strs(traceIds)} AND ${key} IN ${spanKeys}`,
        "sessions.backfill.spans",
      );
      const after = before.map((s) => {
        const c = changed.get(s.trace_id + s.span_id);
        return c ? { ...s, user_id: c.user_id } : s;
      });
      const correction = usageDifference(before, after);
      await insertRows("usage_hourly", correction);
      result.spansChanged += batch.length;
      result.traces += traceIds.length;
      result.usageRows += correction.length;
      batch = [];
    };
    for (const traceChanges of byTrace.values()) {
      if (batch.length > 0 && batch.length + traceChanges.length > SPANS_PER_BATCH) await flush();
      batch.push(...traceChanges);
    }
    await flush();
  }
  return result;
}
