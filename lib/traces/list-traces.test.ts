import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { listTraces } from "./list-traces";

const ctx = { projectId: "list-test", role: "admin" as const, actor: { type: "system" as const } };
const now = Date.now();
const DAY = 86_400_000;
// Ages chosen so that paging has to widen its time window several times.
const AGES = [1_000, 60_000, 3_600_000, 2 * DAY, 5 * DAY, 12 * DAY, 29 * DAY];
const ids: string[] = [];

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  const spans: JsonSpan[] = AGES.map((age, i) => {
    const t = traceId();
    ids.push(t);
    return {
      traceId: t,
      spanId: spanId(),
      name: `trace-${i}`,
      startMs: now - age,
      durationMs: 10,
      status: { code: i % 3 === 0 ? 2 : 1 },
      attributes: { "feature.name": "paging" },
    };
  });
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 1024,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows);
});

describe("trace list paging", () => {
  it("pages newest first with a cursor, without gaps or repeats, across widening windows", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await listTraces({ ctx, query: { limit: 3, cursor } });
      sizes.push(page.data.length);
      seen.push(...page.data.map((t) => t.traceId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(ids);
  });

  it("filters failures over the whole range", async () => {
    const page = await listTraces({ ctx, query: { limit: 50, status: "error" } });
    expect(page.data.map((t) => t.name)).toEqual(["trace-0", "trace-3", "trace-6"]);
    expect(page.nextCursor).toBeNull();
  });

  it("respects from/to", async () => {
    const page = await listTraces({
      ctx,
      query: { limit: 50, from: new Date(now - 3 * DAY), to: new Date(now - 30_000) },
    });
    expect(page.data.map((t) => t.name)).toEqual(["trace-1", "trace-2", "trace-3"]);
  });
});

describe("failures list", () => {
  const failures = { ...ctx, projectId: "list-failures" };
  const write = async (spans: JsonSpan[]) => {
    const { rows } = normalizeAll(failures.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
      tenantKeys: [],
      featureKeys: [],
      payloadCapBytes: 1024,
    });
    await new BatchWriter({ lingerMs: 0 }).write(rows);
  };
  const roots = AGES.map((age, i) => ({
    traceId: traceId(),
    spanId: spanId(),
    name: `root-${i}`,
    startMs: now - age,
    durationMs: 60_000,
  }));

  beforeAll(async () => {
    await write(roots.map((r) => ({ ...r, status: { code: 1 } })));
    // Every other trace fails later, in a child span that arrives in a request of its own and
    // starts just now, after the start of every newer trace: paging must still find it.
    await write(
      roots
        .filter((_, i) => i % 2 === 0)
        .map((r) => ({
          traceId: r.traceId,
          spanId: spanId(),
          parentSpanId: r.spanId,
          name: "call tool",
          startMs: now - 500,
          durationMs: 5,
          status: { code: 2, message: "tool failed" },
        })),
    );
  });

  it("lists traces whose failing span came later, newest first, with their error", async () => {
    const page = await listTraces({ ctx: failures, query: { limit: 50, status: "error" } });
    expect(page.data.map((t) => t.name)).toEqual(["root-0", "root-2", "root-4", "root-6"]);
    expect(page.data.every((t) => t.status === "error" && t.errorMessage === "tool failed")).toBe(true);
  });

  it("pages failures one by one with a cursor, across widening windows, without gaps or repeats", async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTraces({ ctx: failures, query: { limit: 1, status: "error", cursor } });
      names.push(...page.data.map((t) => t.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && names.length < 10);
    expect(names).toEqual(["root-0", "root-2", "root-4", "root-6"]);
  });

  it("keeps the other filters working next to it, and `ok` lists the rest", async () => {
    const ok = await listTraces({ ctx: failures, query: { limit: 50, status: "ok" } });
    expect(ok.data.map((t) => t.name)).toEqual(["root-1", "root-3", "root-5"]);
    const recentFailures = await listTraces({
      ctx: failures,
      query: { limit: 50, status: "error", from: new Date(now - 3 * DAY) },
    });
    expect(recentFailures.data.map((t) => t.name)).toEqual(["root-0", "root-2"]);
  });
});
