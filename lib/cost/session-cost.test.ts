import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import type { ProjectContext } from "@/lib/auth/context";
import { tables } from "@/lib/clickhouse/tables";
import { sql, time, type Sql } from "@/lib/clickhouse/sql";
import { listSessions, listSessionsQuery } from "@/lib/sessions/list-sessions";
import { costMetrics } from "./cost-metrics";
import { readPricedUsage } from "./priced-usage";

// groupBy=session of the cost metrics, bounded by the range (session-usage-source.ts), against
// the query it replaced (the project's whole trace_usage for the range, below as it was) on a
// fixture of 12 sessions over four hours, one trace of which crosses an hour boundary with its
// session named only before it.

const ctx: ProjectContext = { projectId: "session-cost-test", role: "admin", actor: { type: "system" } };
const HOUR = 3_600_000;
const MIN = 60_000;
const base = Math.floor((Date.now() - 8 * HOUR) / HOUR) * HOUR;
const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 8192 };

async function write(spans: JsonSpan[]) {
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), settings);
  await new BatchWriter({ lingerMs: 0 }).write(rows);
}

function turn(session: string | null, at: number, tokens: number, childAfterMs = 10): JsonSpan[] {
  const t = traceId();
  const root = spanId();
  return [
    {
      traceId: t,
      spanId: root,
      name: "agent",
      startMs: at,
      durationMs: childAfterMs + 500,
      attributes: {
        "openinference.span.kind": "AGENT",
        ...(session ? { "session.id": session, "user.id": `user-${session.slice(-1)}` } : {}),
      },
    },
    {
      traceId: t,
      spanId: spanId(),
      parentSpanId: root,
      name: "chat gpt-4o",
      startMs: at + childAfterMs,
      durationMs: 400,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": tokens,
        "gen_ai.usage.output_tokens": tokens / 10,
      },
    },
  ];
}

/** The replaced source, verbatim: every trace_usage row of the project in the range. */
function oldSessionUsageSource(from: Date, to: Date): Sql {
  const inRange = sql`hour >= ${time(from)} AND hour < ${time(to)}`;
  const sessionTraces = sql`
    SELECT trace_id, argMinMerge(session_id) AS m_session, min(start_time) AS m_start, sum(span_count) AS m_spans
    FROM ${tables.traces}
    WHERE ${tables.traces.scope} AND trace_id IN (SELECT trace_id FROM ${tables.trace_usage} WHERE ${tables.trace_usage.scope} AND ${inRange})
    GROUP BY trace_id HAVING m_session != ''`;
  return sql`
    SELECT u.hour AS hour, m.m_session AS session_id, u.model AS model, '' AS kind, u.gpu_type AS gpu_type, u.tier_tokens AS tier_tokens,
           u.cost_reported AS cost_reported, toInt64(0) AS spans, u.input_tokens AS input_tokens, u.cached_input_tokens AS cached_input_tokens,
           u.output_tokens AS output_tokens, u.gpu_seconds AS gpu_seconds, u.reported_cost_usd AS reported_cost_usd
    FROM (SELECT * FROM ${tables.trace_usage} WHERE ${tables.trace_usage.scope} AND ${inRange}) AS u
    INNER JOIN (${sessionTraces}) AS m ON u.trace_id = m.trace_id
    UNION ALL
    SELECT toStartOfHour(m_start) AS hour, m_session AS session_id, '' AS model, '' AS kind, '' AS gpu_type, toUInt64(0) AS tier_tokens,
           toUInt8(0) AS cost_reported, toInt64(m_spans) AS spans, toInt64(0) AS input_tokens, toInt64(0) AS cached_input_tokens,
           toInt64(0) AS output_tokens, toFloat64(0) AS gpu_seconds, toFloat64(0) AS reported_cost_usd
    FROM (${sessionTraces}) WHERE m_start >= ${time(from)} AND m_start < ${time(to)}`;
}

async function oldAnswer(from: Date, to: Date) {
  const { rows } = await readPricedUsage<{
    session: string;
    cost: number;
    spans: number;
    tokens: number;
    unpriced_rows: number;
  }>({
    projectId: ctx.projectId,
    source: oldSessionUsageSource(from, to),
    tag: "test.old-session-cost",
    select: (priced) => sql`
      SELECT session_id AS session, sum(cost_usd) AS cost, sum(spans) AS spans, sum(input_tokens + output_tokens) AS tokens,
             sum(unpriced) AS unpriced_rows
      FROM (${priced}) GROUP BY session HAVING spans != 0 ORDER BY cost DESC`,
  });
  return rows.map((r) => ({
    session: r.session,
    cost: Number(r.cost),
    spans: Number(r.spans),
    tokens: Number(r.tokens),
  }));
}

const answerOf = (
  rows: { session?: string; costUsd: number; spans: number; inputTokens: number; outputTokens: number }[],
) => rows.map((r) => ({ session: r.session, cost: r.costUsd, spans: r.spans, tokens: r.inputTokens + r.outputTokens }));

const closeRows = (rows: { session: string | undefined; cost: number; spans: number; tokens: number }[]) =>
  rows.map((r) => ({ ...r, cost: expect.closeTo(r.cost, 9) }));

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  const spans: JsonSpan[] = [];
  for (let s = 0; s < 12; s++)
    for (let j = 0; j < 3; j++) spans.push(...turn(`conv-${s}`, base + s * 7 * MIN + j * 40 * MIN, 1000 * (s + 1)));
  // A trace named only on its root at 1:59:59.9, its model call in the next hour; a second turn at 2:30.
  spans.push(...turn("conv-edge", base + 2 * HOUR - 100, 5000, 200));
  spans.push(...turn("conv-edge", base + 2 * HOUR + 30 * MIN, 5000));
  spans.push(...turn(null, base + 30 * MIN, 9000));
  await write(spans);
});

describe("cost by session", () => {
  it("answers what the unbounded query answered, over the whole period and over one hour", async () => {
    for (const [from, to] of [
      [base - HOUR, base + 5 * HOUR],
      [base + HOUR, base + 2 * HOUR],
      [base + 2 * HOUR, base + 3 * HOUR],
    ] as const) {
      const range = { from: new Date(from), to: new Date(to) };
      const expected = await oldAnswer(range.from, range.to);
      expect(expected.length).toBeGreaterThan(2);
      const answer = await costMetrics({ ctx, query: { ...range, groupBy: ["session"] } });
      expect(answerOf(answer.data)).toEqual(closeRows(expected));
    }
    // The edge trace's model call counts in the hour it ran, beside the second turn; its spans in its root's hour.
    const next = await costMetrics({
      ctx,
      query: { from: new Date(base + 2 * HOUR), to: new Date(base + 3 * HOUR), groupBy: ["session"] },
    });
    expect(next.data.find((r) => r.session === "conv-edge")).toMatchObject({
      spans: 2,
      inputTokens: 10_000,
      costUsd: expect.closeTo(2 * 0.0175, 9),
    });
  });

  it("costs a session the sum of its traces' costs", async () => {
    const answer = await costMetrics({
      ctx,
      query: { from: new Date(base - HOUR), to: new Date(base + 5 * HOUR), groupBy: ["session"] },
    });
    const sessions = (
      await listSessions({
        ctx,
        query: listSessionsQuery.parse({ limit: 50, from: new Date(base - HOUR).toISOString() }),
      })
    ).data;
    expect(sessions.length).toBe(13);
    for (const s of sessions)
      expect(answer.data.find((r) => r.session === s.sessionId)?.costUsd).toBeCloseTo(s.costUsd, 9);
    // gpt-4o at 2.5 / 10 USD per million: conv-11 has 3 turns of 12,000 in and 1,200 out.
    expect(answer.data[0]).toMatchObject({ session: "conv-11", costUsd: expect.closeTo(3 * 0.042, 9) });
  });

  it("lists the most expensive sessions only, with the totals and count of all", async () => {
    const range = { from: new Date(base - HOUR), to: new Date(base + 5 * HOUR) };
    const all = await costMetrics({ ctx, query: { ...range, groupBy: ["session"], limit: 10_000 } });
    expect(all.groups).toBe(13);
    const top = await costMetrics({ ctx, query: { ...range, groupBy: ["session"], limit: 3 } });
    expect(answerOf(top.data)).toEqual(closeRows(answerOf(all.data).slice(0, 3)));
    expect(top.groups).toBe(13);
    expect(top.totals.costUsd).toBeCloseTo(all.totals.costUsd, 9);
    expect(top.totals.spans).toBe(all.totals.spans);
    const byDefault = await costMetrics({ ctx, query: { ...range, groupBy: ["session"] } });
    expect(byDefault.data.length).toBe(13);
  });
});
