import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import type { ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql } from "@/lib/clickhouse/sql";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { listSessions, listSessionsQuery } from "@/lib/sessions/list-sessions";
import { listEndUsers } from "@/lib/users/list-end-users";
import { backfillIdentity } from "./identity-backfill";

// The same spans stored twice: in one project as ingest stores them now, in the other as before
// migration 0017 (empty session_id and user_id, the ids only in the attributes). After the
// backfill, the old project answers as the new one does; a second run changes nothing.

const keys = { tenantKeys: [], featureKeys: [], sessionKeys: ["app.conversation"], userKeys: [] };
const settings = { ...keys, payloadCapBytes: 8192 };
const fresh: ProjectContext = { projectId: "backfill-fresh", role: "admin", actor: { type: "system" } };
const old: ProjectContext = { projectId: "backfill-old", role: "admin", actor: { type: "system" } };
const MIN = 60_000;
const t0 = Date.now() - 2 * 3_600_000;

const llm = (trace: string, parent: string, at: number): JsonSpan => ({
  traceId: trace,
  spanId: spanId(),
  parentSpanId: parent,
  name: "chat gpt-4o",
  startMs: at + 10,
  durationMs: 300,
  attributes: {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.usage.input_tokens": 1000,
    "gen_ai.usage.output_tokens": 100,
  },
});

function turn(at: number, rootAttributes: Record<string, string>): JsonSpan[] {
  const t = traceId();
  const root = spanId();
  return [
    { traceId: t, spanId: root, name: "agent", startMs: at, durationMs: 600, attributes: rootAttributes },
    llm(t, root, at),
  ];
}

const spans: JsonSpan[] = [
  // OpenInference: session and user on the root only, the model call inherits them.
  ...turn(t0, { "openinference.span.kind": "AGENT", "session.id": "conv-a", "user.id": "alice" }),
  ...turn(t0 + MIN, { "openinference.span.kind": "AGENT", "session.id": "conv-a", "user.id": "alice" }),
  // Vercel AI SDK telemetry metadata, OpenLLMetry association properties, the project's own key.
  ...turn(t0 + 5 * MIN, { "ai.telemetry.metadata.sessionId": "conv-v", "ai.telemetry.metadata.userId": "alice" }),
  ...turn(t0 + 9 * MIN, {
    "traceloop.span.kind": "workflow",
    "traceloop.association.properties.session_id": "conv-tl",
    "traceloop.association.properties.user_id": "bob",
  }),
  ...turn(t0 + 12 * MIN, { "app.conversation": "conv-own", "enduser.id": "bob" }),
  // No session, no user.
  ...turn(t0 + 15 * MIN, {}),
];

async function store(projectId: string, asBefore0017: boolean) {
  const { rows } = normalizeAll(projectId, decodeJson(JSON.stringify(otlpJson(spans))), settings);
  const stored = asBefore0017 ? rows.map((r) => ({ ...r, session_id: "", user_id: "" })) : rows;
  await new BatchWriter({ lingerMs: 0 }).write(stored);
}

const from = new Date(t0 - 3_600_000);
const to = new Date(t0 + 3_600_000);

async function answers(ctx: ProjectContext) {
  const sessions = (await listSessions({ ctx, query: listSessionsQuery.parse({}) })).data.map((s) => ({
    sessionId: s.sessionId,
    turns: s.turns,
    userId: s.userId,
    inputTokens: s.inputTokens,
    costUsd: s.costUsd,
  }));
  const users = (await listEndUsers({ ctx, query: { limit: 50 } })).data.map((u) => ({
    userId: u.userId,
    traces: u.traces,
    sessions: u.sessions,
    costUsd: u.costUsd,
  }));
  const byUser = (await costMetrics({ ctx, query: { from, to, groupBy: ["user"] } })).data.map((r) => [
    r.user,
    r.costUsd,
    r.spans,
  ]);
  const bySession = (await costMetrics({ ctx, query: { from, to, groupBy: ["session"] } })).data.map((r) => [
    r.session,
    r.costUsd,
    r.spans,
  ]);
  return { sessions, users, byUser, bySession };
}

async function rowCounts(projectId: string) {
  const count = async (table: "spans" | "trace_index" | "session_traces" | "traces" | "usage_hourly") => {
    const [row] = await queryRows<{ n: number }>({
      projectId,
      tag: "test.count",
      query: sql`SELECT count() AS n FROM ${tables[table]} WHERE ${tables[table].scope}`,
    });
    return Number(row?.n);
  };
  return {
    spans: await count("spans"),
    traceIndex: await count("trace_index"),
    sessionTraces: await count("session_traces"),
    traces: await count("traces"),
    usage: await count("usage_hourly"),
  };
}

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  await store(fresh.projectId, false);
  await store(old.projectId, true);
});

describe("sessions backfill", () => {
  it("fills the ids of spans stored before migration 0017, so sessions, users and cost see them", async () => {
    const expected = await answers(fresh);
    expect(expected.sessions.map((s) => s.sessionId)).toEqual(["conv-own", "conv-tl", "conv-v", "conv-a"]);
    expect(expected.users.map((u) => u.userId)).toEqual(["alice", "bob"]);
    const before = await answers(old);
    expect(before.sessions).toEqual([]);
    expect(before.users).toEqual([]);

    const first = await backfillIdentity(old.projectId, keys);
    // Every span but the two of the turn without ids: roots carry them, model calls inherit nothing themselves.
    expect(first).toMatchObject({ spansChanged: 5, traces: 5 });
    const after = await answers(old);
    expect(after).toEqual({
      ...expected,
      sessions: expected.sessions.map((s) => ({ ...s, costUsd: expect.closeTo(s.costUsd, 9) })),
      users: expected.users.map((u) => ({ ...u, costUsd: expect.closeTo(u.costUsd, 9) })),
      byUser: expected.byUser.map(([u, c, n]) => [u, expect.closeTo(Number(c), 9), n]),
      bySession: expected.bySession.map(([s, c, n]) => [s, expect.closeTo(Number(c), 9), n]),
    });
    expect(after.byUser.find(([u]) => u === "alice")?.[1]).toBeCloseTo(3 * 0.0035, 9);
  });

  it("changes nothing when run again", async () => {
    const counts = await rowCounts(old.projectId);
    const answered = await answers(old);
    expect(await backfillIdentity(old.projectId, keys)).toEqual({
      spansRead: 7,
      spansChanged: 0,
      traces: 0,
      usageRows: 0,
    });
    expect(await rowCounts(old.projectId)).toEqual(counts);
    expect(await answers(old)).toEqual(answered);
    // The project stored as ingest stores now had nothing to fill either.
    expect(await backfillIdentity(fresh.projectId, keys)).toMatchObject({ spansChanged: 0 });
  });
});
