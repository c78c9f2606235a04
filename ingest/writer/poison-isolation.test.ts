import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { queryRows, StoreError } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql } from "@/lib/clickhouse/sql";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { decodeJson } from "../otlp/decode-json";
import { normalizeSpan } from "../normalize/normalize-span";
import { type SpanRow } from "@/lib/domain/span/span-row";
import { ingestFailure } from "../pipeline/errors";
import { BatchWriter } from "./batch-writer";

// Rows that slipped past normalization (built here by hand) and that the store refuses, in one
// flush with valid requests of other projects: the writer halves the batch until the poisoned
// requests are alone; they fail with a 400, the others commit, and no span is left without its
// usage row. The flush is held until every request is queued, so they share it for certain.

const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 256 * 1024 };

function llmRows(projectId: string, count: number): SpanRow[] {
  const trace = traceId();
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId: trace,
    spanId: spanId(),
    name: `chat ${i}`,
    startMs: Date.now() - 60_000,
    durationMs: 800,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 100,
      "gen_ai.usage.output_tokens": 10,
    },
  }));
  return decodeJson(JSON.stringify(otlpJson(spans))).map((span) => {
    const result = normalizeSpan(projectId, span, settings);
    if (!result.ok) throw new Error(result.reason);
    return result.row;
  });
}

const at = (row: SpanRow, time: string): SpanRow => ({ ...row, start_time: time, end_time: time });
const monthsAgo = (n: number) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return `${d.toISOString().slice(0, 10)} 00:00:00.000000`;
};

async function stored(projectId: string) {
  const [spans] = await queryRows<{ n: number }>({
    projectId,
    tag: "test",
    query: sql`SELECT count() AS n FROM (SELECT span_id FROM ${tables.spans} WHERE ${tables.spans.scope} LIMIT 1 BY trace_id, span_id)`,
  });
  const [usage] = await queryRows<{ spans: number; input: number }>({
    projectId,
    tag: "test",
    query: sql`SELECT sum(spans) AS spans, sum(input_tokens) AS input FROM ${tables.usage_hourly} WHERE ${tables.usage_hourly.scope}`,
  });
  return { spans: spans?.n ?? 0, usageSpans: usage?.spans ?? 0, inputTokens: usage?.input ?? 0 };
}

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
});

describe("a poisoned request in a shared flush", () => {
  it("fails alone with a 400, whatever the store refused; every other project's request commits with its usage", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const writer = new BatchWriter({ lingerMs: 0, holdFlush: () => gate });
    const p = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
    const projects = { a: p("valid-a"), gpu: p("gpu"), y2200: p("y2200"), months: p("months"), e: p("valid-e") };

    const requests = {
      a: llmRows(projects.a, 3),
      // A UInt16 column cannot hold it: the row encoder refuses the whole insert.
      gpu: llmRows(projects.gpu, 2).map((r, i) => (i === 1 ? { ...r, gpu_type: "H100", gpu_count: 70_000 } : r)),
      // The span fits DateTime64, its usage hour does not fit DateTime: refused before the spans go in.
      y2200: llmRows(projects.y2200, 2).map((r, i) => (i === 1 ? at(r, "2200-01-01 00:00:00.000000") : r)),
      // One insert block may touch at most 100 monthly partitions.
      months: llmRows(projects.months, 101).map((r, i) => at(r, monthsAgo(i))),
      e: llmRows(projects.e, 4),
    };
    const results = await (async () => {
      const pending = Object.fromEntries(
        Object.entries(requests).map(([k, rows]) => [
          k,
          writer.write(rows).then(
            (v) => ({ ok: v }),
            (error: unknown) => ({ error }),
          ),
        ]),
      );
      expect(writer.queuedRows).toBe(3 + 2 + 2 + 101 + 4);
      open();
      return Object.fromEntries(
        await Promise.all(Object.entries(pending).map(async ([k, v]) => [k, await v] as const)),
      ) as Record<keyof typeof requests, { ok?: unknown; error?: unknown }>;
    })();

    expect(results.a).toEqual({ ok: { inserted: 3, duplicates: 0 } });
    expect(results.e).toEqual({ ok: { inserted: 4, duplicates: 0 } });
    for (const name of ["gpu", "y2200", "months"] as const) {
      const { error } = results[name];
      expect(error, name).toBeInstanceOf(StoreError);
      expect((error as StoreError).code, name).toBe("clickhouse_rejected");
      expect(ingestFailure(error)).toMatchObject({ httpStatus: 400, grpcCode: 3 });
    }
    expect(String((results.gpu.error as Error).message)).toMatch(/gpu_count UInt16/);
    expect(String((results.y2200.error as Error).message)).toMatch(/usage hour 2200-01-01 00:00:00 is outside/);
    expect(String((results.months.error as Error).message)).toMatch(/Too many partitions/);

    expect(await stored(projects.a)).toEqual({ spans: 3, usageSpans: 3, inputTokens: 300 });
    expect(await stored(projects.e)).toEqual({ spans: 4, usageSpans: 4, inputTokens: 400 });
    // Nothing of a refused request is stored: no span without its usage row.
    for (const name of ["gpu", "y2200", "months"] as const)
      expect(await stored(projects[name]), name).toEqual({ spans: 0, usageSpans: 0, inputTokens: 0 });
    expect(writer.queuedRows).toBe(0);
    // The halves were committed once each: resent, the valid requests are duplicates.
    await expect(writer.write(requests.a)).resolves.toEqual({ inserted: 0, duplicates: 3 });
  });

  it("answers an outage (the store down, not the rows) with a retryable 503", () => {
    expect(ingestFailure(new StoreError("clickhouse_unavailable", "connection refused"))).toMatchObject({
      httpStatus: 503,
      retryAfterSeconds: 5,
    });
    expect(ingestFailure(new StoreError("clickhouse_overloaded", "memory limit"))).toMatchObject({ httpStatus: 503 });
  });
});
