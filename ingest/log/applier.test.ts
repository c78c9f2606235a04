import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { queryRows, StoreError } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql } from "@/lib/clickhouse/sql";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { normalizeAll } from "../normalize/normalize-all";
import { decodeJson } from "../otlp/decode-json";
import { ingestFailure } from "../pipeline/errors";
import { IngestPipeline } from "./ingest-log";
import { traceEntry, type LogEntry } from "./entry";

// The log in front of a store that fails, then returns; and back-pressure at a small log size.
const dirs: string[] = [];
const logDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "applier-"));
  dirs.push(dir);
  return dir;
};
beforeAll(async () => migrateClickHouse((await clickhouse()).client));
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function entry(projectId: string, spans = 20): LogEntry {
  const t = traceId();
  const json = otlpJson(
    Array.from({ length: spans }, () => ({
      traceId: t,
      spanId: spanId(),
      name: "chat",
      startMs: Date.now() - 1000,
      durationMs: 5,
      attributes: { "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 3 },
    })),
  );
  const { rows, scores } = normalizeAll(projectId, decodeJson(JSON.stringify(json)), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 1024,
  });
  return traceEntry(rows, scores);
}
const stored = async (projectId: string) =>
  (
    await queryRows<{ spans: number; tokens: number }>({
      projectId,
      tag: "test",
      query: sql`SELECT (SELECT count() FROM ${tables.spans} WHERE ${tables.spans.scope}) AS spans, (SELECT toInt64(sum(input_tokens)) FROM ${tables.usage_hourly} WHERE ${tables.usage_hourly.scope}) AS tokens`,
    })
  )[0]!;

describe("the applier", () => {
  it("keeps acknowledging while the store is down, answers 503 when the log is full, and drains by itself when the store returns", async () => {
    const projectId = "applier-down";
    let down = true;
    const pipeline = await IngestPipeline.open({
      dir: logDir(),
      segmentBytes: 64 * 1024,
      maxBytes: 256 * 1024,
      maxLagSeconds: 60,
      applier: {
        lingerMs: 10,
        beforeInsert: () => {
          if (down) throw new StoreError("clickhouse_unavailable", "store down (test)");
        },
        report: () => undefined,
      },
    });
    try {
      await pipeline.append(entry(projectId));
      await vi.waitFor(() => expect(pipeline.status().storageDown).toBe(true), { timeout: 10_000 });
      let acknowledged = 1;
      let refusal: unknown;
      while (!refusal) {
        try {
          await pipeline.append(entry(projectId));
          acknowledged++;
        } catch (error) {
          refusal = error;
        }
      }
      // More than the 429 bound (1/16 of the log) was taken: the store being down is not the sender's fault.
      expect(pipeline.status().backlogBytes).toBeGreaterThan((256 * 1024) / 16);
      expect(ingestFailure(refusal)).toMatchObject({ httpStatus: 503, retryAfterSeconds: expect.any(Number) });
      expect(await stored(projectId)).toMatchObject({ spans: 0 });
      down = false;
      await pipeline.waitApplied();
      expect(await stored(projectId)).toEqual({ spans: acknowledged * 20, tokens: acknowledged * 20 * 3 });
      expect(pipeline.status()).toMatchObject({ backlogBytes: 0, lagSeconds: 0, storageDown: false });
    } finally {
      down = false;
      await pipeline.close();
    }
  });

  it("answers 429 with Retry-After from the backlog while the store is up but behind", async () => {
    const projectId = "applier-slow";
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const pipeline = await IngestPipeline.open({
      dir: logDir(),
      segmentBytes: 64 * 1024,
      maxBytes: 1024 * 1024,
      maxLagSeconds: 60,
      applier: { lingerMs: 10, beforeInsert: () => held },
    });
    try {
      let refusal: unknown;
      let acknowledged = 0;
      while (!refusal) {
        try {
          await pipeline.append(entry(projectId));
          acknowledged++;
        } catch (error) {
          refusal = error;
        }
      }
      expect(ingestFailure(refusal)).toMatchObject({ httpStatus: 429, retryAfterSeconds: expect.any(Number) });
      expect(pipeline.status().backlogBytes).toBeGreaterThan((1024 * 1024) / 16);
      release();
      await pipeline.waitApplied();
      expect((await stored(projectId)).spans).toBe(acknowledged * 20);
    } finally {
      release();
      await pipeline.close();
    }
  });

  it("replays both batches exactly when one batch's other tables fail after the next batch's spans are in", async () => {
    const projectId = "applier-overlap";
    const dir = logDir();
    let spanInserts = 0;
    let failed = false;
    let nextSpansIn!: () => void;
    const secondSpans = new Promise<void>((resolve) => (nextSpansIn = resolve));
    const pipeline = await IngestPipeline.open({
      dir,
      segmentBytes: 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      maxLagSeconds: 60,
      startApplier: false,
      applier: {
        lingerMs: 0,
        maxBatchRows: 1, // one record per batch
        report: () => undefined,
        beforeInsert: async (table) => {
          if (table === "spans" && ++spanInserts === 2) nextSpansIn();
          // The first batch's usage fails only once the second batch's spans are committed.
          if (table === "usage_hourly" && !failed) {
            await secondSpans;
            failed = true;
            throw new StoreError("clickhouse_unavailable", "store hiccup (test)");
          }
        },
      },
    });
    try {
      await pipeline.append(entry(projectId));
      await pipeline.append(entry(projectId));
      pipeline.applier.start();
      await pipeline.waitApplied();
      expect(failed).toBe(true);
      // Spans inserted three times or more (the replay's copies dropped by their tokens), counted once.
      expect(spanInserts).toBeGreaterThanOrEqual(3);
      expect(await stored(projectId)).toEqual({ spans: 40, tokens: 40 * 3 });
      expect(fs.readdirSync(dir).filter((name) => name.startsWith("prepared"))).toEqual([]);
    } finally {
      await pipeline.close();
    }
  });
});
