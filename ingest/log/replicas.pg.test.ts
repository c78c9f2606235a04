import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { queryRows } from "@/lib/clickhouse/query";
import { sql } from "@/lib/clickhouse/sql";
import { tables } from "@/lib/clickhouse/tables";
import { withReplicaLock } from "@/lib/replicas/replica-lock";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { normalizeAll } from "../normalize/normalize-all";
import { decodeJson } from "../otlp/decode-json";
import { traceEntry, type LogEntry } from "./entry";
import { IngestPipeline } from "./ingest-log";

// Two replicas, each with its own log, take the same resent request. The interleaving that used
// to double-count is forced: replica A has looked its spans up and is about to insert them when
// replica B starts its own lookup. With the replica lock (shared PostgreSQL) B waits and finds
// A's spans stored; without it both count them. Needs two connections: the PostgreSQL server.
const serverOnly = process.env.OBS_TEST_USE_SERVER_PG === "1" ? describe : describe.skip;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
beforeAll(async () => migrateClickHouse((await clickhouse()).client));

function request(projectId: string): LogEntry {
  const t = traceId();
  const json = otlpJson(
    Array.from({ length: 5 }, () => ({
      traceId: t,
      spanId: spanId(),
      name: "chat",
      startMs: Date.now() - 1000,
      durationMs: 5,
      attributes: { "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 7 },
    })),
  );
  const { rows, scores } = normalizeAll(projectId, decodeJson(JSON.stringify(json)), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 1024,
  });
  return traceEntry(rows, scores);
}

const counts = async (projectId: string) =>
  (
    await queryRows<{ spans: number; traced: number; tokens: number }>({
      projectId,
      tag: "test.replicas",
      query: sql`SELECT (SELECT count() FROM (SELECT span_id FROM ${tables.spans} WHERE ${tables.spans.scope} LIMIT 1 BY span_id)) AS spans,
                      (SELECT toInt64(sum(span_count)) FROM ${tables.traces} WHERE ${tables.traces.scope}) AS traced,
                      (SELECT toInt64(sum(input_tokens)) FROM ${tables.usage_hourly} WHERE ${tables.usage_hourly.scope}) AS tokens`,
    })
  )[0]!;

/**
 * Replica A is held just before its spans insert (its lookup done) until replica B has either
 * asked for the lock (with it) or finished its own lookup (without it, where B also waits for A's
 * lookup first): the interleaving that double-counts when nothing serializes the two.
 */
async function race(projectId: string, locked: boolean) {
  const signal = () => {
    let fire!: () => void;
    const fired = new Promise<void>((resolve) => (fire = resolve));
    return { fire, fired };
  };
  const [aLookedUp, bAskedForLock, bLookedUp] = [signal(), signal(), signal()];
  const open = (options: Parameters<typeof IngestPipeline.open>[0]["applier"]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replica-"));
    dirs.push(dir);
    return IngestPipeline.open({
      dir,
      segmentBytes: 1 << 20,
      maxBytes: 1 << 26,
      maxLagSeconds: 60,
      applier: { lingerMs: 0, report: () => undefined, ...options },
    });
  };
  const lock = locked ? withReplicaLock : <T>(fn: () => Promise<T>) => fn();
  const a = await open({
    lock,
    beforeInsert: async (table) => {
      if (table !== "spans") return;
      aLookedUp.fire();
      await Promise.race([bAskedForLock.fired, bLookedUp.fired]);
    },
  });
  const b = await open({
    lock: (fn) => {
      if (locked) bAskedForLock.fire();
      return lock(fn);
    },
    beforeInsert: async (table) => {
      if (table !== "spans") return;
      bLookedUp.fire();
      if (!locked) await aLookedUp.fired;
    },
  });
  try {
    const sent = request(projectId);
    await a.append(sent);
    if (!locked) await aLookedUp.fired;
    await b.append(sent);
    await Promise.all([a.waitApplied(), b.waitApplied()]);
    return await counts(projectId);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

serverOnly("two replicas applying the same resent request (PostgreSQL server)", () => {
  it("count it once with the replica lock", async () => {
    expect(await race("replicas-locked", true)).toEqual({ spans: 5, traced: 5, tokens: 35 });
  });

  it("count it twice without it (the race this lock exists for)", async () => {
    expect(await race("replicas-unlocked", false)).toEqual({ spans: 5, traced: 10, tokens: 70 });
  });
});
