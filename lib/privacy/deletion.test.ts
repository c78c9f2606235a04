import { CLICKHOUSE_TABLES } from "@/lib/retention/delete-rows";
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { DELETE as deleteUserRoute } from "@/app/api/v1/users/[userId]/data/route";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { sql, str } from "@/lib/clickhouse/sql";
import { deleteProject } from "@/lib/projects/delete-project";
import { writeScores } from "@/lib/scores/write-scores";
import { makeProject } from "@/lib/testing/factories";
import { traceId } from "@/lib/testing/otlp";
import {
  chatTrace,
  countIn,
  countsByTable,
  ingestGauge,
  ingestLog,
  ingestSpans,
  usageTotals,
} from "@/lib/testing/retention-fixtures";
import { deleteUserData } from "./delete-user-data";

const ofTrace = (id: string) => sql`trace_id = ${str(id)}`;
const audits = async (projectId: string, action: string) =>
  (await db())
    .select()
    .from(schema.auditLog)
    .where(and(eq(schema.auditLog.projectId, projectId), eq(schema.auditLog.action, action)));

/** Spans, logs, scores, metric points and usage of every kind for a project. */
async function fill(ctx: ProjectContext) {
  const trace = traceId();
  await ingestSpans(ctx.projectId, chatTrace(trace, 1, { "session.id": "conversation-1" }));
  await ingestLog(ctx.projectId, trace, 1, "a log");
  await writeScores({ ctx, items: [{ traceId: trace, name: "helpfulness", value: 1 }] });
  await ingestGauge(ctx.projectId, [1]);
}

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
});

describe("deleting a project", () => {
  it("removes its rows from every ClickHouse table and its Postgres rows, audited, and nothing of another project", async () => {
    const doomed = await makeProject();
    const other = await makeProject();
    await fill(doomed);
    await fill(other);
    const key = (await createApiKey({ ctx: doomed, input: { name: "exporter" } })).secretKey;
    const before = await countsByTable(doomed.projectId);
    for (const [table, rows] of Object.entries(before)) expect(rows, table).toBeGreaterThan(0);
    const otherBefore = await countsByTable(other.projectId);

    await expect(deleteProject({ ctx: { ...doomed, role: "engineer" } })).rejects.toMatchObject({ code: "forbidden" });
    const { removed } = await deleteProject({ ctx: doomed });
    expect(removed).toEqual(before);
    expect(Object.values(await countsByTable(doomed.projectId))).toEqual(CLICKHOUSE_TABLES.map(() => 0));
    expect(await countsByTable(other.projectId)).toEqual(otherBefore);
    expect(await (await db()).select().from(schema.projects).where(eq(schema.projects.id, doomed.projectId))).toEqual(
      [],
    );
    expect(await verifyApiKey(key)).toBeNull();
    const [audit] = await audits(doomed.projectId, "project.delete");
    expect(audit).toMatchObject({ actor: `user:${doomed.userId}`, details: { removed: before } });
  });
});

describe("deleting an end user's data", () => {
  let ctx: ProjectContext;
  const t = {
    alice: traceId(),
    aliceVercel: traceId(),
    sessionOnly: traceId(),
    bobInSession: traceId(),
    bob: traceId(),
  };

  beforeAll(async () => {
    ctx = await makeProject();
    await ingestSpans(ctx.projectId, [
      ...chatTrace(t.alice, 1, { "user.id": "alice", "session.id": "s-1" }, 100),
      ...chatTrace(t.aliceVercel, 2, { "ai.telemetry.metadata.userId": "alice" }, 100),
      // Another turn of alice's session where the SDK sent no user id: hers too.
      ...chatTrace(t.sessionOnly, 1, { "session.id": "s-1" }, 100),
      // A span of the same session naming someone else is not hers.
      ...chatTrace(t.bobInSession, 1, { "user.id": "bob", "session.id": "s-1" }, 1000),
      ...chatTrace(t.bob, 1, { "enduser.id": "bob" }, 1000),
    ]);
    for (const id of Object.values(t)) await ingestLog(ctx.projectId, id, 1, `log of ${id}`);
    await writeScores({ ctx, items: Object.values(t).map((id) => ({ traceId: id, name: "helpfulness", value: 1 })) });
    // alice's thumbs-down on bob's trace, from the feedback endpoint.
    await writeScores({
      ctx,
      items: [{ traceId: t.bob, name: "user_feedback", value: 0 }],
      defaultSource: "feedback",
      authorOverride: "alice",
    });
  });

  it("removes their traces, sessions, logs and scores, corrects the cost rollups, and keeps everyone else's", async () => {
    const call = async (key: string, userId: string) =>
      deleteUserRoute(
        new Request(`http://test/api/v1/users/${userId}/data`, {
          method: "DELETE",
          headers: { authorization: `Bearer ${key}` },
        }),
        { params: Promise.resolve({ userId }) },
      );
    const ingestKey = (await createApiKey({ ctx, input: { name: "ingest" } })).secretKey;
    const readKey = (await createApiKey({ ctx, input: { name: "read", scopes: ["read"] } })).secretKey;
    const writeKey = (await createApiKey({ ctx, input: { name: "write", scopes: ["read", "write"] } })).secretKey;
    expect((await call(ingestKey, "alice")).status).toBe(403);
    expect((await call(readKey, "alice")).status).toBe(403);
    await expect(deleteUserData({ ctx: { ...ctx, role: "engineer" }, userId: "alice" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await usageTotals(ctx.projectId)).toEqual({ spans: 10, inputTokens: 2300 });

    const response = await call(writeKey, "alice");
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toMatchObject({
      userId: "alice",
      traces: 3,
      sessions: 1,
      spans: 6,
      logs: 3,
      usageRowsCorrected: expect.any(Number),
    });
    expect(answer.scores).toBeGreaterThan(3);

    for (const id of [t.alice, t.aliceVercel, t.sessionOnly]) {
      for (const table of ["spans", "traces", "trace_index", "logs", "scores"] as const)
        expect(await countIn(ctx.projectId, table, ofTrace(id)), `${table} ${id}`).toBe(0);
    }
    for (const id of [t.bobInSession, t.bob]) {
      for (const table of ["spans", "traces", "trace_index", "logs"] as const)
        expect(await countIn(ctx.projectId, table, ofTrace(id)), `${table} ${id}`).toBeGreaterThan(0);
      expect(await countIn(ctx.projectId, "scores", sql`trace_id = ${str(id)} AND name = 'helpfulness'`)).toBe(1);
    }
    expect(await countIn(ctx.projectId, "scores", sql`source = 'feedback'`)).toBe(0);
    // Only bob's usage is left, in both rollups.
    expect(await usageTotals(ctx.projectId)).toEqual({ spans: 4, inputTokens: 2000 });
    expect(await usageTotals(ctx.projectId, "usage_daily")).toEqual({ spans: 4, inputTokens: 2000 });

    const [audit] = await audits(ctx.projectId, "privacy.user_data.delete");
    expect(audit?.actor).toMatch(/^api_key:/);
    expect(audit?.target).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(audit)).not.toContain("alice");
    expect(audit?.details).toMatchObject({ traces: 3, spans: 6, logs: 3 });
    expect(audit?.createdAt).toBeInstanceOf(Date);

    // Asked again, nothing is left to remove.
    expect(await (await call(writeKey, "alice")).json()).toMatchObject({ traces: 0, spans: 0, scores: 0 });
    expect((await call(writeKey, " ")).status).toBe(400);
  });
});
