import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/http/handle-export";
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
    return { traceId: t, spanId: spanId(), name: `trace-${i}`, startMs: now - age, durationMs: 10, status: { code: i % 3 === 0 ? 2 : 1 }, attributes: { "feature.name": "paging" } };
  });
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), { tenantKeys: [], featureKeys: [], payloadCapBytes: 1024 });
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
    const page = await listTraces({ ctx, query: { limit: 50, from: new Date(now - 3 * DAY), to: new Date(now - 30_000) } });
    expect(page.data.map((t) => t.name)).toEqual(["trace-1", "trace-2", "trace-3"]);
  });
});
