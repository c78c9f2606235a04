import "server-only";
import { brandErrors } from "@/db/cross-bundle";
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/config/env";
import { reportIngestLogHealth } from "@/lib/health/check";
import { BackPressureError, ShuttingDownError } from "../writer/batch-writer";
import { Applier, type ApplierOptions } from "./applier";
import { crashPoint } from "./crash-point";
import { encodeEntry, type LogEntry } from "./entry";
import { writeFileAtomic } from "./files";
import { IngestLog } from "./log";

// The ingest path's front: an export is answered once its rows are in the fsync'd log (2xx =
// durable, applied exactly once), and the applier makes them readable behind it. Back-pressure
// comes from the log: bytes not yet applied, and how long the oldest of them has waited.

/** The log holds INGEST_LOG_MAX_BYTES unapplied: nothing more is taken until the store catches up. */
const BACK_PRESSURE_MAX_RETRY_S = 5;

const logFull = brandErrors("LogFullError");
export class LogFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Ingest log is full");
    this.name = "LogFullError";
    logFull.mark(this);
  }
  // Thrown by the log the bootstrap opened, read by the routes' copy of this module.
  static [Symbol.hasInstance](value: unknown): boolean {
    return logFull.is(value);
  }
}

export type IngestLogStatus = {
  appliedPosition: number;
  durablePosition: number;
  backlogBytes: number;
  lagSeconds: number;
  storageDown: boolean;
};

export type IngestPipelineOptions = {
  dir: string;
  segmentBytes: number;
  maxBytes: number;
  maxLagSeconds: number;
  applier?: Partial<ApplierOptions>;
  /** Tests start the applier themselves. */
  startApplier?: boolean;
};

export class IngestPipeline {
  private closed = false;
  /** (end position, time first acknowledged) of unapplied records; one entry per 100 ms. */
  private readonly ackTimes: Array<{ end: number; at: number }> = [];

  private constructor(
    readonly log: IngestLog,
    readonly applier: Applier,
    private readonly options: IngestPipelineOptions,
  ) {
    if (log.durableEnd > applier.applied) this.ackTimes.push({ end: log.durableEnd, at: Date.now() });
  }

  static async open(options: IngestPipelineOptions): Promise<IngestPipeline> {
    await fs.mkdir(options.dir, { recursive: true });
    const logId = await readLogId(options.dir);
    const startAt = await Applier.storedPosition(options.dir);
    const log = await IngestLog.open({
      dir: options.dir,
      segmentBytes: options.segmentBytes,
      startAt,
      afterSync: () => crashPoint("after-log-fsync"),
    });
    const applier = await Applier.open(log, options.dir, logId, options.applier);
    const pipeline = new IngestPipeline(log, applier, options);
    if (options.startApplier !== false) applier.start();
    return pipeline;
  }

  /**
   * Refuses a request before its body is decoded when the log would refuse its record anyway,
   * so an overloaded server does not spend its CPU decoding exports it then turns away.
   */
  admit(): void {
    this.refuse(0);
  }

  /** Appends one request's rows; resolves with the position past them once they are fsync'd. */
  append(entry: LogEntry): Promise<number> {
    return this.appendRecord(encodeEntry(entry));
  }

  /** Appends a record already encoded (by an encoder thread, which hands back plain bytes); resolves as `append`. */
  async appendRecord(record: Uint8Array): Promise<number> {
    const payload = Buffer.isBuffer(record) ? record : Buffer.from(record.buffer, record.byteOffset, record.byteLength);
    this.refuse(payload.length);
    const end = await this.log.append(payload);
    const last = this.ackTimes[this.ackTimes.length - 1];
    const now = Date.now();
    if (last && now - last.at < 100) last.end = Math.max(last.end, end);
    else this.ackTimes.push({ end, at: now });
    return end;
  }

  private refuse(bytes: number): void {
    if (this.closed) throw new ShuttingDownError("Server is shutting down");
    const status = this.status();
    if (status.backlogBytes + bytes > this.options.maxBytes)
      throw new LogFullError(this.retryAfter(status.backlogBytes, 60));
    // While the store is up but behind, senders slow down; while it is down, the log takes
    // everything up to its bound, and drains by itself when the store returns.
    if (
      !status.storageDown &&
      (status.backlogBytes > this.options.maxBytes / 16 || status.lagSeconds > this.options.maxLagSeconds)
    ) {
      // Back when the backlog is down to half the threshold, at most a few seconds: the rate is
      // measured while exports compete with the applier, and senders told to wait for the whole
      // backlog at it (35 s with 64 senders) left the applier idle long before they returned.
      throw new BackPressureError(
        this.retryAfter(status.backlogBytes - this.options.maxBytes / 32, BACK_PRESSURE_MAX_RETRY_S),
      );
    }
  }

  status(): IngestLogStatus {
    const applied = this.applier.applied;
    while (this.ackTimes.length && this.ackTimes[0]!.end <= applied) this.ackTimes.shift();
    const oldest = this.ackTimes[0];
    return {
      appliedPosition: applied,
      durablePosition: this.log.durableEnd,
      backlogBytes: this.log.durableEnd - applied,
      lagSeconds: oldest ? Math.max(0, (Date.now() - oldest.at) / 1000) : 0,
      storageDown: this.applier.storageDown,
    };
  }

  /** Resolves once everything acknowledged so far (or up to `position`) is applied. */
  waitApplied(position = this.log.durableEnd): Promise<void> {
    return this.applier.waitApplied(position);
  }

  /** Stops taking appends, lets the applier finish its batch, closes the log. */
  async close(): Promise<void> {
    this.closed = true;
    await this.applier.stop();
    await this.log.close();
  }

  /** Seconds the applier needs to apply `bytes` at its recent rate (1 to `max`). */
  private retryAfter(bytes: number, max: number): number {
    const rate = this.applier.bytesPerSecond || 1024 * 1024;
    return Math.min(max, Math.max(1, Math.ceil(bytes / rate)));
  }
}

/** The log's own id, part of every deduplication token: a new log (a wiped volume, another replica) never reuses one. */
async function readLogId(dir: string): Promise<string> {
  const file = path.join(dir, "log-id");
  try {
    return (await fs.readFile(file, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const id = randomUUID();
    await writeFileAtomic(file, id);
    return id;
  }
}

const holder = globalThis as unknown as { __ingestPipeline?: Promise<IngestPipeline> };

/** The process's ingest log and applier, opened on first use (or by the bootstrap at start). */
export function ingestPipeline(): Promise<IngestPipeline> {
  holder.__ingestPipeline ??= IngestPipeline.open({
    dir: path.join(env().dataDir, "ingest-log"),
    ...env().ingestLog,
  }).then(
    (pipeline) => {
      reportIngestLogHealth(() => {
        const { lagSeconds, backlogBytes, appliedPosition } = pipeline.status();
        return { lagSeconds, backlogBytes, appliedPosition };
      });
      return pipeline;
    },
    (error: unknown) => {
      holder.__ingestPipeline = undefined;
      throw error;
    },
  );
  return holder.__ingestPipeline;
}

/** Closes the process's pipeline if it was opened (shutdown, tests' teardown). */
export async function closeIngestPipeline(): Promise<void> {
  const pending = holder.__ingestPipeline;
  holder.__ingestPipeline = undefined;
  if (pending) await (await pending).close();
}

/** The applied watermark: the position up to which every acknowledged record is in the tables. */
export async function appliedPosition(): Promise<number> {
  return (await ingestPipeline()).applier.applied;
}

/** Resolves once everything acknowledged before the call (or up to `position`) is applied. */
export async function waitApplied(position?: number): Promise<void> {
  await (await ingestPipeline()).waitApplied(position);
}

/** The log's state for /api/health and /metrics, or null when this process has not opened it. */
export async function ingestLogStatus(): Promise<IngestLogStatus | null> {
  return holder.__ingestPipeline ? (await holder.__ingestPipeline).status() : null;
}
