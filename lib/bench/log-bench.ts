import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { genAiProtobufRequest } from "./fixtures";

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

/**
 * The ingest log and its applier in this process, on a fresh embedded engine: `requests`
 * 500-span protobuf requests decoded, normalized and appended with `inFlight` at once
 * (acknowledged spans/s), then applied (applied spans/s, and each request's time from its
 * acknowledgement to applied, p50/p99), and the applier's last batch split by phase.
 */
export async function benchIngestLog({
  requests = 160,
  spansPerRequest = 500,
  inFlight = 8,
  pacedSpansPerSecond = 0,
}: {
  requests?: number;
  spansPerRequest?: number;
  inFlight?: number;
  /** Instead of as fast as possible, one request at a time on a schedule of this many spans per second. */
  pacedSpansPerSecond?: number;
} = {}) {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "obs-log-"));
  (await import("@/lib/config/env")).reloadEnv();
  const { clickhouse, closeClickHouse } = await import("@/db/clickhouse/client");
  const { migrateClickHouse } = await import("@/db/clickhouse/migrate");
  const { IngestPipeline } = await import("@/ingest/log/ingest-log");
  const { encodeEntry, traceEntry } = await import("@/ingest/log/entry");
  const { decodeProtobuf } = await import("@/ingest/otlp/decode-protobuf");
  const { normalizeAll } = await import("@/ingest/normalize/normalize-all");
  const { encodeTraceExportOffThread, closeEncoderThreads } = await import("@/ingest/workers/encoder-threads");
  await migrateClickHouse((await clickhouse()).client);
  const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 256 * 1024 };
  const bodies = Array.from({ length: requests }, (_, i) =>
    Buffer.from(genAiProtobufRequest(spansPerRequest, Date.now() - i * 1000)),
  );

  const sample = normalizeAll("bench-log", decodeProtobuf(bodies[0]!), settings);
  const encodeStarted = performance.now();
  let entryBytes = 0;
  for (let i = 0; i < 20; i++) entryBytes = encodeEntry(traceEntry(sample.rows, sample.scores)).length;
  const encodeUsPerSpan = ((performance.now() - encodeStarted) * 1000) / (20 * spansPerRequest);

  const pipeline = await IngestPipeline.open({
    dir: path.join(process.env.DATA_DIR, "ingest-log"),
    segmentBytes: 64 << 20,
    maxBytes: 2 ** 32,
    maxLagSeconds: 3600,
  });
  // Each request's time from its acknowledgement to applied (readable), watched from the moment it is acknowledged.
  const ackToApplied: Promise<number>[] = [];
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  // As the traces route does: decoded, normalized and encoded on an encoder thread, appended here.
  const send = async (body: Buffer) => {
    const { payload } = await encodeTraceExportOffThread({
      projectId: "bench-log",
      body,
      encoding: "protobuf",
      settings,
    });
    const end = await pipeline.appendRecord(payload!);
    const at = performance.now();
    ackToApplied.push(pipeline.waitApplied(end).then(() => performance.now() - at));
  };
  if (pacedSpansPerSecond > 0) {
    // Each request leaves at its scheduled time (late ones at once), whatever the previous did.
    const intervalMs = (spansPerRequest / pacedSpansPerSecond) * 1000;
    const sent: Promise<void>[] = [];
    for (let i = 0; i < bodies.length; i++) {
      const wait = started + i * intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      sent.push(send(bodies[i]!));
    }
    await Promise.all(sent);
  } else {
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < bodies.length) await send(bodies[next++]!);
      }),
    );
  }
  const ackSeconds = (performance.now() - started) / 1000;
  const latencies = await Promise.all(ackToApplied);
  const appliedSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const lastBatch = pipeline.applier.lastBatch;
  await pipeline.close();
  await closeEncoderThreads();
  await closeClickHouse();
  await (await import("chdb")).drainPending();
  fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
  const spans = requests * spansPerRequest;
  latencies.sort((a, b) => a - b);
  return {
    acknowledgedPerSecond: spans / ackSeconds,
    appliedPerSecond: spans / appliedSeconds,
    ackToAppliedMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
    /** CPU of every thread of this process (JavaScript, engine, I/O) per span, from decode to applied. */
    cpuUsPerSpan: (cpu.user + cpu.system) / spans,
    entryBytesPerSpan: entryBytes / spansPerRequest,
    encodeUsPerSpan,
    lastBatch,
  };
}
