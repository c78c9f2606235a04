import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import type { ProjectContext } from "@/lib/auth/context";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { getTrace } from "@/lib/traces/get-trace";
import { writeScores } from "@/lib/scores/write-scores";
import { getEndUser } from "@/lib/users/get-end-user";
import { listEndUsers } from "@/lib/users/list-end-users";
import { getSession } from "./get-session";
import { listSessions, listSessionsQuery } from "./list-sessions";
import { parseSessionListParams } from "./search-params";

// Three conventions' sessions in one project (OpenInference, OpenLLMetry, Vercel AI SDK); the
// OpenInference one has its session and user only on the roots, which arrive after their
// children and out of turn order, and its third turn fails at a tool step.

const ctx: ProjectContext = { projectId: "sessions-test", role: "admin", actor: { type: "system" } };
const MIN = 60_000;
const t0 = Date.now() - 3 * 3_600_000;
const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 8192 };

async function write(spans: JsonSpan[]) {
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), settings);
  await new BatchWriter({ lingerMs: 0 }).write(rows);
}

const gpt = (trace: string, parent: string, at: number, attrs: Record<string, string | number> = {}): JsonSpan => ({
  traceId: trace,
  spanId: spanId(),
  parentSpanId: parent,
  name: "chat gpt-4o",
  startMs: at + 10,
  durationMs: 400,
  attributes: {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.usage.input_tokens": 1000,
    "gen_ai.usage.output_tokens": 100,
    ...attrs,
  },
});

const oi = [traceId(), traceId(), traceId()];
const oiRoots = [spanId(), spanId(), spanId()];
const tl = [traceId(), traceId()];
const vercel = traceId();

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  // OpenLLMetry (Traceloop): association properties on the workflow span, two good turns.
  await write(
    tl.flatMap((t, i) => {
      const root = spanId();
      return [
        {
          traceId: t,
          spanId: root,
          name: "support.workflow",
          startMs: t0 + i * MIN,
          durationMs: 1000,
          attributes: {
            "traceloop.span.kind": "workflow",
            "traceloop.entity.input": JSON.stringify([{ role: "user", content: `tl question ${i + 1}` }]),
            "traceloop.entity.output": `tl answer ${i + 1}`,
            "traceloop.association.properties.session_id": "conv-tl",
            "traceloop.association.properties.user_id": "bob",
            "feature.name": "support-chat",
          },
        },
        gpt(t, root, t0 + i * MIN),
      ];
    }),
  );
  // OpenInference: children first (turns 3, 2, 1), without session or user.
  const start = (i: number) => t0 + (10 + i) * MIN;
  await write(
    [2, 1, 0].flatMap((i): JsonSpan[] => [
      {
        traceId: oi[i]!,
        spanId: spanId(),
        parentSpanId: oiRoots[i]!,
        name: "ChatCompletion",
        startMs: start(i) + 10,
        durationMs: 300,
        attributes: {
          "openinference.span.kind": "LLM",
          "llm.model_name": "gpt-4o",
          "llm.token_count.prompt": 1000,
          "llm.token_count.completion": 100,
          "output.value": `oi answer ${i + 1}`,
        },
      },
      ...(i === 2
        ? [
            {
              traceId: oi[2]!,
              spanId: spanId(),
              parentSpanId: oiRoots[2]!,
              name: "lookup_order",
              startMs: start(2) + 500,
              durationMs: 50,
              status: { code: 2, message: "order service timed out" },
              attributes: { "openinference.span.kind": "TOOL", "tool.name": "lookup_order" },
            },
          ]
        : []),
    ]),
  );
  // Then the roots, out of turn order, with the session and the user.
  await write(
    [2, 0, 1].map((i) => ({
      traceId: oi[i]!,
      spanId: oiRoots[i]!,
      name: "agent",
      startMs: start(i),
      durationMs: 900,
      status: i === 2 ? { code: 2, message: "tool failed" } : { code: 1 },
      attributes: {
        "openinference.span.kind": "AGENT",
        "input.value": `oi question ${i + 1}`,
        ...(i === 2 ? {} : { "output.value": `oi answer ${i + 1}` }),
        "session.id": "conv-oi",
        "user.id": "alice",
        "tenant.id": "acme",
        "feature.name": "support-chat",
      },
    })),
  );
  // Vercel AI SDK: telemetry metadata on the one span of its turn.
  await write([
    {
      traceId: vercel,
      spanId: spanId(),
      name: "ai.generateText.doGenerate",
      startMs: t0 + 20 * MIN,
      durationMs: 500,
      attributes: {
        "ai.operationId": "ai.generateText.doGenerate",
        "ai.model.id": "gpt-4o",
        "ai.model.provider": "openai.chat",
        "ai.prompt.messages": JSON.stringify([{ role: "user", content: [{ type: "text", text: "vercel question" }] }]),
        "ai.response.text": "vercel answer",
        "ai.usage.inputTokens": 1000,
        "ai.usage.outputTokens": 100,
        "ai.telemetry.metadata.sessionId": "conv-v",
        "ai.telemetry.metadata.userId": "alice",
        "ai.telemetry.metadata.featureName": "other-feature",
      },
    },
  ]);
});

const list = (query: Record<string, unknown>, as: ProjectContext = ctx) =>
  listSessions({ ctx: as, query: listSessionsQuery.parse(query) });

describe("sessions list", () => {
  it("finds the sessions of three conventions, newest first, with their turns and attribution", async () => {
    const page = await list({});
    expect(page.data.map((s) => s.sessionId)).toEqual(["conv-v", "conv-oi", "conv-tl"]);
    expect(page.data[1]).toMatchObject({
      turns: 3,
      failedTurns: 1,
      status: "error",
      userId: "alice",
      tenant: "acme",
      features: ["support-chat"],
      models: ["gpt-4o"],
      inputTokens: 3000,
      outputTokens: 300,
    });
    expect(page.data[2]).toMatchObject({ turns: 2, userId: "bob", status: "ok" });
    expect(page.data[0]).toMatchObject({ turns: 1, userId: "alice", features: ["other-feature"] });
  });

  it("pages with a cursor without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.data.length).toBe(1);
      seen.push(page.data[0]!.sessionId);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["conv-v", "conv-oi", "conv-tl"]);
  });

  it("filters by failed turn, end user, feature, tenant, model and turns", async () => {
    const ids = async (q: Record<string, unknown>) => (await list(q)).data.map((s) => s.sessionId);
    expect(await ids({ status: "error" })).toEqual(["conv-oi"]);
    expect(await ids({ status: "ok" })).toEqual(["conv-v", "conv-tl"]);
    expect(await ids({ userId: "alice" })).toEqual(["conv-v", "conv-oi"]);
    expect(await ids({ feature: "support-chat" })).toEqual(["conv-oi", "conv-tl"]);
    expect(await ids({ tenant: "acme" })).toEqual(["conv-oi"]);
    expect(await ids({ model: "gpt-4o", minTurns: 2 })).toEqual(["conv-oi", "conv-tl"]);
    expect(await ids({ userId: "alice", limit: 1 })).toEqual(["conv-v"]);
  });

  it("finds a failed session on an older page whose failing turn came after the cursor", async () => {
    // A starts first and fails in its second turn, after B (ok) started: B is page 1, A page 2.
    const other: ProjectContext = { ...ctx, projectId: "sessions-cursor-test" };
    const turn = (session: string, at: number, failed: boolean): JsonSpan => ({
      traceId: traceId(),
      spanId: spanId(),
      name: "turn",
      startMs: at,
      durationMs: 200,
      attributes: { "session.id": session },
      ...(failed ? { status: { code: 2, message: "tool failed" } } : {}),
    });
    const spans = [turn("a", t0, false), turn("b", t0 + 10 * MIN, false), turn("a", t0 + 30 * MIN, true)];
    const { rows } = normalizeAll(other.projectId, decodeJson(JSON.stringify(otlpJson(spans))), settings);
    await new BatchWriter({ lingerMs: 0 }).write(rows);
    const first = await list({ limit: 1 }, other);
    expect(first.data.map((s) => s.sessionId)).toEqual(["b"]);
    const older = await list({ status: "error", cursor: first.nextCursor }, other);
    expect(older.data.map((s) => s.sessionId)).toEqual(["a"]);
  });

  it("filters by duration, tokens, cost and turns, each with a min and a max", async () => {
    const ids = async (q: Record<string, unknown>) => (await list(q)).data.map((s) => s.sessionId);
    // conv-tl: 2 turns over 61 s, 2,200 tokens, 0.007 USD; conv-oi: 3 turns over 120.9 s,
    // 3,300 tokens, 0.0105 USD; conv-v: 1 turn of 0.5 s, 1,100 tokens, 0.0035 USD.
    expect(await ids({ minDurationMs: 60_000 })).toEqual(["conv-oi", "conv-tl"]);
    expect(await ids({ minDurationMs: 60_000, maxDurationMs: 100_000 })).toEqual(["conv-tl"]);
    expect(await ids({ maxDurationMs: 500 })).toEqual(["conv-v"]);
    expect(await ids({ minTokens: 2200, maxTokens: 3299 })).toEqual(["conv-tl"]);
    expect(await ids({ minTokens: 3300 })).toEqual(["conv-oi"]);
    expect(await ids({ minCostUsd: 0.005 })).toEqual(["conv-oi", "conv-tl"]);
    expect(await ids({ minCostUsd: 0.005, maxCostUsd: 0.008 })).toEqual(["conv-tl"]);
    expect(await ids({ maxCostUsd: 0.004 })).toEqual(["conv-v"]);
    expect(await ids({ maxTurns: 2 })).toEqual(["conv-v", "conv-tl"]);
    const cheap = (await list({ maxCostUsd: 0.008 })).data;
    expect(cheap.map((s) => s.costUsd)).toEqual([expect.closeTo(0.0035, 9), expect.closeTo(0.007, 9)]);
  });

  it("refuses a min above its max and a score bound without a score name, naming the field", async () => {
    await expect(list({ minCostUsd: 2, maxCostUsd: 1 })).rejects.toMatchObject({
      code: "bad_request",
      field: "minCostUsd",
    });
    await expect(list({ minScore: 0.5 })).rejects.toMatchObject({ code: "bad_request", field: "minScore" });
  });

  it("keeps every filter in the URL and drops a malformed or contradictory one, naming it", () => {
    const state = parseSessionListParams({
      minCostUsd: "2",
      maxCostUsd: "1",
      minTokens: "many",
      maxDurationMs: "5000",
      scoreName: "resolved",
      maxScore: "0.5",
    });
    expect(state.ignored.sort()).toEqual(["minCostUsd", "minTokens"]);
    expect(state.query).toMatchObject({ maxCostUsd: 1, maxDurationMs: 5000, scoreName: "resolved", maxScore: 0.5 });
    expect(state.current).toEqual({ maxCostUsd: "1", maxDurationMs: "5000", scoreName: "resolved", maxScore: "0.5" });
  });

  it("refuses a cursor it did not issue, naming the field", async () => {
    await expect(list({ cursor: "bm90LWEtY3Vyc29y" })).rejects.toMatchObject({ code: "bad_request", field: "cursor" });
  });
});

describe("session replay", () => {
  it("gives the turns in order with message and answer, the failing step and a baseline", async () => {
    const s = await getSession({ ctx, sessionId: "conv-oi" });
    expect(s.turns.map((t) => t.traceId)).toEqual(oi);
    expect(s.turns.map((t) => [t.userMessage, t.answer])).toEqual([
      ["oi question 1", "oi answer 1"],
      ["oi question 2", "oi answer 2"],
      ["oi question 3", "oi answer 3"],
    ]);
    expect(s.turns.map((t) => t.status)).toEqual(["ok", "ok", "error"]);
    expect(s.firstFailedTurn).toBe(3);
    expect(s.turns[2]!.failingStep).toMatchObject({ name: "lookup_order", kind: "tool" });
    expect(s.baselineSessionId).toBe("conv-tl");
    const other = await getSession({ ctx, sessionId: "conv-v" });
    expect(other.turns.map((t) => [t.userMessage, t.answer])).toEqual([["vercel question", "vercel answer"]]);
    expect(other.baselineSessionId).toBeNull();
  });

  it("costs a session the sum of its traces, per turn and in total", async () => {
    const s = await getSession({ ctx, sessionId: "conv-oi" });
    const traceCosts = await Promise.all(oi.map(async (t) => (await getTrace({ ctx, traceId: t })).costUsd));
    expect(s.turns.map((t) => t.costUsd)).toEqual(traceCosts.map((c) => expect.closeTo(c, 9)));
    // gpt-4o by default 2.5 / 10 USD per million tokens: 1000 in and 100 out per turn.
    expect(s.costUsd).toBeCloseTo(3 * 0.0035, 9);
    expect(s.costUsd).toBeCloseTo(
      traceCosts.reduce((a, b) => a + b, 0),
      9,
    );
  });

  it("hides messages from finance and answers 404 to another project", async () => {
    const finance = await getSession({ ctx: { ...ctx, role: "finance" }, sessionId: "conv-oi" });
    expect(finance.payloadsHidden).toBe(true);
    expect(finance.turns.every((t) => t.userMessage === null && t.answer === null && t.errorMessage === null)).toBe(
      true,
    );
    expect(finance.turns[2]!.failingStep?.name).toBe("lookup_order");
    const elsewhere = { ...ctx, projectId: "sessions-elsewhere" };
    await expect(getSession({ ctx: elsewhere, sessionId: "conv-oi" })).rejects.toMatchObject({ code: "not_found" });
    await expect(getSession({ ctx, sessionId: "no-such-session" })).rejects.toMatchObject({ code: "not_found" });
    await expect(getEndUser({ ctx: elsewhere, userId: "alice", query: {} })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await list({}, elsewhere)).data).toEqual([]);
  });
});

describe("end users", () => {
  it("costs a user the sum of their sessions, also as groupBy user and session of the cost metrics", async () => {
    const sessions = (await list({})).data;
    const aliceCost = sessions.filter((s) => s.userId === "alice").reduce((sum, s) => sum + s.costUsd, 0);
    expect(aliceCost).toBeCloseTo(4 * 0.0035, 9);
    const users = await listEndUsers({ ctx, query: { limit: 50 } });
    expect(users.data.map((u) => u.userId)).toEqual(["alice", "bob"]);
    expect(users.data[0]).toMatchObject({ traces: 4, sessions: 2, tenants: ["acme"], errorSpans: 2 });
    expect(users.data[0]!.costUsd).toBeCloseTo(aliceCost, 9);
    expect(users.data[1]!.costUsd).toBeCloseTo(2 * 0.0035, 9);

    const from = new Date(t0 - 3_600_000);
    const to = new Date(t0 + 3_600_000);
    const byUser = await costMetrics({ ctx, query: { from, to, groupBy: ["user"] } });
    expect(byUser.data.find((r) => r.user === "alice")?.costUsd).toBeCloseTo(aliceCost, 9);
    const bySession = await costMetrics({ ctx, query: { from, to, groupBy: ["session"] } });
    for (const s of sessions)
      expect(bySession.data.find((r) => r.session === s.sessionId)?.costUsd).toBeCloseTo(s.costUsd, 9);
    expect(bySession.data.find((r) => r.session === "conv-oi")?.spans).toBe(7);

    const alice = await getEndUser({ ctx, userId: "alice", query: {} });
    expect(alice.costUsd).toBeCloseTo(aliceCost, 9);
    expect(alice.byTenant.map((t) => t.tenant).sort()).toEqual(["", "acme"]);
    expect(alice.recentSessions.map((s) => s.sessionId)).toEqual(["conv-v", "conv-oi"]);
  });
});

describe("session scores", () => {
  it("takes a score by sessionId, shows it on the session and not as its first trace's", async () => {
    const answer = await writeScores({
      ctx,
      items: [
        { sessionId: "conv-oi", name: "resolved", value: 0, comment: "the order lookup failed" },
        { sessionId: "no-such-session", name: "resolved", value: 1 },
        { sessionId: "conv-oi", traceId: oi[0], name: "resolved", value: 1 },
      ],
    });
    expect(answer).toMatchObject({
      accepted: 1,
      rejected: [
        { index: 1, error: "sessionId: no such session in this project" },
        { index: 2, error: expect.stringContaining("traceId: give a traceId or a sessionId") },
      ],
    });
    const s = await getSession({ ctx, sessionId: "conv-oi" });
    expect(s.scores).toEqual([
      expect.objectContaining({ name: "resolved", value: 0, comment: "the order lookup failed" }),
    ]);
    expect((await getSession({ ctx: { ...ctx, role: "viewer" }, sessionId: "conv-oi" })).scores[0]?.comment).toBeNull();
    expect((await getTrace({ ctx, traceId: oi[0]! })).scores).toEqual([]);
    const listed = (await list({ status: "error" })).data[0]!;
    expect(listed.latestScore).toEqual({ name: "resolved", value: 0, label: null });
    expect((await list({ userId: "bob" })).data[0]!.latestScore).toBeNull();
  });

  it("filters on the latest score of a name, within a min and a max", async () => {
    // conv-oi has resolved = 0 (the test above); conv-tl gets 1, conv-v none.
    await writeScores({ ctx, items: [{ sessionId: "conv-tl", name: "resolved", value: 1 }] });
    const ids = async (q: Record<string, unknown>) => (await list(q)).data.map((s) => s.sessionId);
    expect(await ids({ scoreName: "resolved" })).toEqual(["conv-oi", "conv-tl"]);
    expect(await ids({ scoreName: "resolved", maxScore: 0.5 })).toEqual(["conv-oi"]);
    expect(await ids({ scoreName: "resolved", minScore: 0.5, maxScore: 1 })).toEqual(["conv-tl"]);
    expect(await ids({ scoreName: "helpful" })).toEqual([]);
    // A newer write replaces the value the filter reads.
    await writeScores({ ctx, items: [{ sessionId: "conv-oi", name: "resolved", value: 1 }] });
    expect(await ids({ scoreName: "resolved", minScore: 0.5 })).toEqual(["conv-oi", "conv-tl"]);
    expect(await ids({ scoreName: "resolved", maxScore: 0.5 })).toEqual([]);
  });
});
