import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { GET, PUT } from "@/app/api/v1/settings/retention/route";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { sql, str } from "@/lib/clickhouse/sql";
import { writeScores } from "@/lib/scores/write-scores";
import { makeProject } from "@/lib/testing/factories";
import { traceId } from "@/lib/testing/otlp";
import { chatTrace, countIn, ingestGauge, ingestLog, ingestSpans, usageTotals } from "@/lib/testing/retention-fixtures";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { runRetention } from "./retention-job";
import { updateRetention } from "./update-retention";
import type { RetentionSettings } from "./retention-settings";

let a: ProjectContext;
let b: ProjectContext;
const t = { old: traceId(), mid: traceId(), recent: traceId(), otherOld: traceId() };
const keep: RetentionSettings = {
  spanDays: null,
  payloadDays: null,
  logDays: null,
  metricDays: null,
  scoreDays: null,
  costDays: null,
};
const ofTrace = (id: string) => sql`trace_id = ${str(id)}`;

type SpanPayload = { name: string; input: string; attributes: Record<string, string>; input_tokens: number };
const spansOf = (ctx: ProjectContext, id: string) =>
  queryRows<SpanPayload>({
    projectId: ctx.projectId,
    tag: "test.spans",
    query: sql`SELECT name, input, attributes, input_tokens FROM ${tables.spans} WHERE ${tables.spans.scope} AND trace_id = ${str(id)} ORDER BY name`,
  });

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  a = await makeProject();
  b = await makeProject();
  await ingestSpans(a.projectId, [...chatTrace(t.old, 50), ...chatTrace(t.mid, 20), ...chatTrace(t.recent, 1)]);
  await ingestSpans(b.projectId, chatTrace(t.otherOld, 50));
  for (const [id, days] of [
    [t.old, 50],
    [t.recent, 1],
  ] as const)
    await ingestLog(a.projectId, id, days, `log of ${id}`);
  await ingestLog(b.projectId, t.otherOld, 50, "log of b");
  await writeScores({
    ctx: a,
    items: [t.old, t.mid, t.recent].map((id) => ({ traceId: id, name: "helpfulness", value: 1 })),
  });
  await writeScores({ ctx: b, items: [{ traceId: t.otherOld, name: "helpfulness", value: 1 }] });
  await ingestGauge(a.projectId, [20, 1]);
  await ingestGauge(b.projectId, [20]);
});

describe("retention", () => {
  it("removes what outlived the project's retention, blanks payloads earlier than the metrics, and leaves other projects alone", async () => {
    const cost = await usageTotals(a.projectId);
    const { removed } = await updateRetention({
      ctx: a,
      input: { ...keep, spanDays: 30, payloadDays: 10, logDays: 30, metricDays: 10, scoreDays: 30 },
    });
    expect(removed).toMatchObject({
      spans: 2,
      traces: 1,
      traceIndex: 2,
      payloadsBlanked: 2,
      logs: 1,
      metricPoints: 1,
      usageRows: 0,
    });
    // The reviewer's score and the rule scores ingest wrote on the old trace.
    expect(removed.scores).toBeGreaterThan(1);

    for (const table of ["spans", "traces", "trace_index", "logs", "scores"] as const)
      expect(await countIn(a.projectId, table, ofTrace(t.old))).toBe(0);
    // 20 days old: the span and its metrics stay, its payloads are gone.
    const mid = await spansOf(a, t.mid);
    expect(mid.map((s) => s.name)).toEqual(["answer", "chat"]);
    expect(mid.find((s) => s.name === "chat")).toMatchObject({ input: "", attributes: {}, input_tokens: 100 });
    expect(await countIn(a.projectId, "traces", ofTrace(t.mid))).toBeGreaterThan(0);
    expect((await spansOf(a, t.recent)).find((s) => s.name === "chat")?.input).toContain("secret question");
    // Cost history is kept as aggregates (costDays unset).
    expect(await usageTotals(a.projectId)).toEqual(cost);
    // Metric points: the 20-day-old one went, the kept one now carries the new lifetime for the TTL.
    expect(
      await queryRows({
        projectId: a.projectId,
        tag: "test.points",
        query: sql`SELECT retention_days FROM ${tables.metric_points} WHERE ${tables.metric_points.scope}`,
      }),
    ).toEqual([{ retention_days: 10 }]);

    for (const table of ["spans", "traces", "trace_index", "logs", "scores", "metric_points"] as const)
      expect(await countIn(b.projectId, table)).toBeGreaterThan(0);
    expect((await spansOf(b, t.otherOld)).find((s) => s.name === "chat")?.input).toContain("secret question");
  });

  it("applies a changed setting to the rows already stored, and the hourly pass keeps it applied", async () => {
    const { removed } = await updateRetention({
      ctx: a,
      input: { ...keep, spanDays: 15, payloadDays: 10, logDays: 30, metricDays: 10, scoreDays: 15, costDays: 40 },
    });
    expect(removed).toMatchObject({ spans: 2, traces: 1, payloadsBlanked: 0 });
    expect(await countIn(a.projectId, "scores", ofTrace(t.mid))).toBe(0);
    expect(await countIn(a.projectId, "scores", ofTrace(t.recent))).toBeGreaterThan(0);
    expect(removed.usageRows).toBeGreaterThan(0);
    expect(await countIn(a.projectId, "spans", ofTrace(t.mid))).toBe(0);
    expect(await countIn(a.projectId, "trace_index", ofTrace(t.mid))).toBe(0);
    // The 50-day-old usage went from both cost rollups; the recent trace's stays.
    expect(await usageTotals(a.projectId)).toEqual({ spans: 4, inputTokens: 200 });
    expect(await usageTotals(a.projectId, "usage_daily")).toEqual({ spans: 4, inputTokens: 200 });
    // A pass two weeks later: the recent trace is now past 15 days.
    const later = await runRetention(a.projectId, new Date(Date.now() + 15 * 86_400_000));
    expect(later).toMatchObject({ spans: 2, traces: 1 });
    expect(await countIn(a.projectId, "spans")).toBe(0);
    expect(await runRetention(b.projectId)).toBeNull();
  });

  it("is an admin setting with the write scope, in the API, refusing inconsistent lifetimes by field", async () => {
    const call = (handler: typeof GET, key: string, body?: unknown) =>
      handler(
        new Request("http://test/api/v1/settings/retention", {
          method: body ? "PUT" : "GET",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: body ? JSON.stringify(body) : undefined,
        }),
        { params: Promise.resolve({}) },
      );
    const ingestKey = (await createApiKey({ ctx: b, input: { name: "ingest" } })).secretKey;
    const readKey = (await createApiKey({ ctx: b, input: { name: "read", scopes: ["read"] } })).secretKey;
    const writeKey = (await createApiKey({ ctx: b, input: { name: "write", scopes: ["read", "write"] } })).secretKey;
    expect((await call(GET, ingestKey)).status).toBe(403);
    expect(await (await call(GET, readKey)).json()).toMatchObject({
      spanDays: null,
      effectiveMetricDays: 30,
      appliedAt: null,
    });
    const settings = { ...keep, spanDays: 90, payloadDays: 7 };
    expect((await call(PUT, readKey, settings)).status).toBe(403);
    const bad = await call(PUT, writeKey, { ...settings, payloadDays: 120 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("payloadDays");
    expect((await call(PUT, writeKey, { ...settings, costDays: 30 })).status).toBe(400);
    expect((await call(PUT, writeKey, { ...settings, spanDays: 0 })).status).toBe(400);
    const saved = await call(PUT, writeKey, settings);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      settings: { spanDays: 90, payloadDays: 7 },
      removed: { spans: 0, payloadsBlanked: 2 },
    });
    await expect(updateRetention({ ctx: { ...b, role: "engineer" }, input: settings })).rejects.toMatchObject({
      code: "forbidden",
    });
    const audit = await (
      await db()
    )
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.projectId, b.projectId), eq(schema.auditLog.action, "settings.retention")));
    expect(audit).toHaveLength(1);
  });
});
