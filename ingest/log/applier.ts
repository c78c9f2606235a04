import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { insertRowBinary, insertRows, StoreError } from "@/lib/clickhouse/query";
import type { ScoredSpan } from "@/lib/domain/scores/attribute-scores";
import { byDays } from "../metrics/metric-chunks";
import { maybeTheRows, splitStoredSpans } from "../writer/batch-writer";
import { correctTraceRollup } from "../writer/trace-corrections";
import { traceUsageCorrections } from "../writer/trace-usage-corrections";
import { crashPoint } from "./crash-point";
import { deriveBatch, type DerivedBatch } from "./derive-batch";
import { decodeEntry, entryRowCount, type LogEntry } from "./entry";
import { readJsonFile, removeFile, writeFileAtomic } from "./files";
import type { IngestLog } from "./log";
import type { LogRecord } from "./segments";
import { withReplicaLock } from "@/lib/replicas/replica-lock";

// The applier turns the log into tables, a batch at a time. A batch's derived rows depend on
// which of its spans were stored before it (those are dropped, and they re-attribute usage):
// that answer is written to disk with the batch's range before the first insert (the prepared
// batch), so that a replay after a crash derives the same rows again, and every insert carries
// the token `${batchId}:${table}:${chunk}`, so the tables that committed it drop the copy. Only
// then does the applied position (the checkpoint) move past the batch. Two batches overlap at
// most: the next one's lookup and spans insert while the previous one's other tables insert.

export type ApplierOptions = {
  /** Rows per batch at most (a record is never split). */
  maxBatchRows: number;
  /** Bytes read per batch at most. */
  maxBatchBytes: number;
  /** How long a light batch waits for more records. */
  lingerMs: number;
  /** Test hook: called before each table's insert; throwing fails the insert. */
  beforeInsert?: (table: string) => void | Promise<void>;
  /** Serializes the stored-span lookup and the spans insert across replicas (lib/replicas/replica-lock.ts). */
  lock: <T>(fn: () => Promise<T>) => Promise<T>;
  report?: (message: string) => void;
};
// The engine's cost per row falls steeply with the insert's size (bench: 24k-31k span rows/s in
// 6,000-row inserts, 44k-48k in 20,000-row ones), so a batch waits up to 250 ms for a quarter
// of its bytes (the "every ~250 ms when light"), and takes up to 50,000 rows.
export const APPLIER_DEFAULTS: ApplierOptions = {
  maxBatchRows: 30_000,
  maxBatchBytes: 32 * 1024 * 1024,
  lingerMs: 250,
  lock: withReplicaLock,
};

type Decoded = { record: LogRecord; entry: LogEntry };
type Prepared = { batchId: string; from: number; to: number; stored: ScoredSpan[] };
type Checkpoint = { position: number };

const RETRY_MS = { first: 250, max: 10_000 };
const DECODE_SLICE_MS = 20;

export class Applier {
  private appliedPosition: number;
  /** Where the next batch starts: past the last batch whose spans are inserted (ahead of the applied position while one batch's other tables run). */
  private cursor: number;
  /** The previous batch's other tables and checkpoint, running while the next batch starts. */
  private tail: Promise<void> | null = null;
  /** The first failure of the batches in flight; the loop replays from the applied position. */
  private failure: unknown = null;
  /** After a failure, one batch at a time until one succeeds (a refused row then surfaces where it is handled). */
  private serial = false;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();
  /** The last apply failed because the store was down or overloaded. */
  storageDown = false;
  /** Bytes applied per second, smoothed over batches (for Retry-After). */
  bytesPerSecond = 0;
  refusedRecords = 0;
  /** Where the last batch's time went: the stored-span lookup and prepared file, the spans insert, the other tables and the checkpoint. */
  lastBatch: { rows: number; prepareMs: number; spansMs: number; otherTablesMs: number } | null = null;
  private readonly options: ApplierOptions;
  private readonly unsubscribe: () => void;

  private constructor(
    private readonly log: IngestLog,
    private readonly dir: string,
    private readonly logId: string,
    applied: number,
    options: Partial<ApplierOptions>,
  ) {
    this.appliedPosition = applied;
    this.cursor = applied;
    this.options = { ...APPLIER_DEFAULTS, ...options };
    this.unsubscribe = log.onAppend(() => this.wake?.());
  }

  static async open(
    log: IngestLog,
    dir: string,
    logId: string,
    options: Partial<ApplierOptions> = {},
  ): Promise<Applier> {
    const checkpoint = await readJsonFile<Checkpoint>(checkpointFile(dir));
    const applied = Math.max(checkpoint?.position ?? 0, log.start);
    await tidyPrepared(dir, applied);
    return new Applier(log, dir, logId, applied, options);
  }

  /** The applied position as stored in the checkpoint (read before the log opens). */
  static async storedPosition(dir: string): Promise<number> {
    return (await readJsonFile<Checkpoint>(checkpointFile(dir)))?.position ?? 0;
  }

  get applied(): number {
    return this.appliedPosition;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves once everything before `position` is applied. */
  waitApplied(position: number): Promise<void> {
    if (this.appliedPosition >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ position, resolve }));
  }

  /** Lets the batch in progress finish, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.unsubscribe();
  }

  private async run(): Promise<void> {
    let retryMs = RETRY_MS.first;
    while (!this.stopping) {
      if (this.cursor >= this.log.durableEnd) {
        await this.settle().catch((error: unknown) => this.failed(error));
        if (this.failure) {
          retryMs = await this.recover(retryMs);
          continue;
        }
        if (this.cursor >= this.log.durableEnd) await this.pause();
        continue;
      }
      // A light backlog waits a little for more records, so batches stay large.
      const enough = () => this.log.durableEnd - this.cursor >= this.options.maxBatchBytes / 4;
      if (!enough()) await this.pause(this.options.lingerMs, enough);
      if (this.stopping) break;
      try {
        await this.applyNext();
        if (!this.failure) {
          this.storageDown = false;
          retryMs = RETRY_MS.first;
        }
      } catch (error) {
        this.failed(error);
      }
      if (this.failure) retryMs = await this.recover(retryMs);
    }
    await this.settle().catch(() => undefined);
  }

  private failed(error: unknown): void {
    this.failure ??= error;
  }

  /**
   * After a failed batch: wait for the other one in flight, go back to the applied position and
   * replay from there as after a crash (prepared batches and tokens make that exact), one batch
   * at a time until a batch succeeds.
   */
  private async recover(retryMs: number): Promise<number> {
    await this.settle().catch(() => undefined);
    const error = this.failure;
    this.failure = null;
    this.cursor = this.appliedPosition;
    this.serial = true;
    this.storageDown =
      error instanceof StoreError &&
      (error.code === "clickhouse_unavailable" || error.code === "clickhouse_overloaded");
    this.report(`apply failed at ${this.appliedPosition}, retrying in ${retryMs} ms: ${(error as Error).message}`);
    await this.pause(retryMs, () => false);
    return Math.min(retryMs * 2, RETRY_MS.max);
  }

  /** Waits for the batch whose other tables and checkpoint are still running. */
  private async settle(): Promise<void> {
    const tail = this.tail;
    this.tail = null;
    await tail;
  }

  /** Waits for an append (or `ms`, or stop); with `until`, only an append after which it holds ends the wait early. */
  private pause(ms?: number, until?: () => boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.wake = until ? () => (this.stopping || until() ? done() : undefined) : done;
      if (this.stopping) done();
    });
  }

  /**
   * Applies the batch at the cursor. Its lookup and spans insert run while the previous batch's
   * other tables are still inserting (the lookup needs only the previous spans, committed by
   * then), so the engine and the JavaScript thread overlap; checkpoints still advance in order.
   */
  private async applyNext(): Promise<void> {
    const from = this.cursor;
    // A batch prepared before a crash is applied again exactly as it was cut.
    const resume = await readJsonFile<Prepared>(preparedFile(this.dir, from));
    const read = await this.log.read(from, this.options.maxBatchBytes, resume?.to);
    // A batch's records take ~100 ms to decode: in slices of DECODE_SLICE_MS, with an event-loop
    // iteration between them, so reads waiting on their answers do not sit behind all of it. (A
    // yield per record made every batch wait for dozens of iterations of ingest and fell behind.)
    const decoded: Decoded[] = [];
    let slice = performance.now();
    for (const record of read) {
      if (performance.now() - slice > DECODE_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
      decoded.push({ record, entry: decodeEntry(record.payload) });
    }
    const batch = resume ? decoded : this.cut(decoded);
    if (batch.length === 0) return;
    const records = batch.map((b) => b.record);
    const to = records[records.length - 1]!.end;
    const started = performance.now();
    let rest: () => Promise<void>;
    try {
      rest = await this.applySpans(from, batch, resume);
    } catch (error) {
      if (!maybeTheRows(error)) throw error;
      // The store refuses some of the batch's rows: each record alone, so that only the
      // records at fault are left out (they were acknowledged; they are reported, not retried).
      await this.settle();
      await this.applyOneByOne(from, records);
      this.cursor = this.appliedPosition;
      return;
    }
    this.cursor = to;
    // The previous batch's tail rejects if it failed: then this one never checkpoints either.
    const previous = this.tail;
    const tail = (async () => {
      await rest();
      await previous;
      crashPoint("before-checkpoint");
      await this.advance(to);
      await removeFile(preparedFile(this.dir, from));
      const rate = (to - from) / Math.max((performance.now() - started) / 1000, 0.001);
      this.bytesPerSecond = this.bytesPerSecond ? 0.7 * this.bytesPerSecond + 0.3 * rate : rate;
    })();
    tail.catch((error: unknown) => this.failed(error));
    this.tail = tail;
    await previous?.catch(() => undefined);
    if (this.serial) {
      await this.settle().catch(() => undefined);
      if (!this.failure) this.serial = false;
    }
  }

  /** The records of one batch: up to maxBatchRows rows, at least one record. */
  private cut(records: Decoded[]): Decoded[] {
    let rows = 0;
    let take = 0;
    while (take < records.length && (take === 0 || rows < this.options.maxBatchRows)) {
      rows += entryRowCount(records[take]!.entry);
      take++;
    }
    return records.slice(0, take);
  }

  private async applyOneByOne(from: number, records: LogRecord[]): Promise<void> {
    let start = from;
    for (const record of records) {
      try {
        const rest = await this.applySpans(start, [{ record, entry: decodeEntry(record.payload) }], null);
        await rest();
        await this.advance(record.end);
      } catch (error) {
        if (!maybeTheRows(error)) throw error;
        this.refusedRecords++;
        this.report(`record at ${start} refused by the store, left out: ${(error as Error).message}`);
        await this.advance(record.end);
      }
      await removeFile(preparedFile(this.dir, start));
      start = record.end;
    }
  }

  /**
   * The stored-span lookup (saved as the prepared batch) and the spans insert; resolves with the
   * rest of the batch (the other tables), to run once the caller lets it.
   */
  private async applySpans(from: number, decoded: Decoded[], resume: Prepared | null): Promise<() => Promise<void>> {
    const to = decoded[decoded.length - 1]!.record.end;
    const entries = decoded.map((d) => d.entry);
    const spans = entries.flatMap((e) => (e.signal === "traces" ? e.heads : []));
    const timer = performance.now();
    let prepareMs = 0;
    // Lookup and spans insert under the replica lock: another replica's batch holding the same
    // span either committed before this lookup (it is found stored) or waits until this one has.
    const { prepared, batch } = await this.options.lock(async () => {
      let ready = resume;
      if (!ready || ready.to !== to) {
        ready = {
          batchId: `${this.logId}:${from}-${to}`,
          from,
          to,
          stored: spans.length ? (await splitStoredSpans(spans)).stored : [],
        };
        await writeFileAtomic(preparedFile(this.dir, from), JSON.stringify(ready));
        crashPoint("after-prepared");
      }
      prepareMs = performance.now() - timer;
      const derived = deriveBatch(entries, ready.stored);
      for (const [i, part] of derived.spans.entries()) {
        await this.options.beforeInsert?.("spans");
        await insertRowBinary("spans", part.columns, part.body, `${ready.batchId}:spans:${i}`);
      }
      return { prepared: ready, batch: derived };
    });
    const spansMs = performance.now() - timer - prepareMs;
    crashPoint("between-tables");
    const rows = entries.reduce((sum, e) => sum + (e.signal === "traces" ? e.heads.length : e.rows.length), 0);
    return async () => {
      const restStarted = performance.now();
      await this.insertOthers(prepared.batchId, batch);
      this.lastBatch = { rows, prepareMs, spansMs, otherTablesMs: performance.now() - restStarted };
    };
  }

  /** Every table but spans; they do not depend on one another, so their inserts run together. */
  private async insertOthers(batchId: string, batch: DerivedBatch): Promise<void> {
    const token = (table: string, chunk = 0) => `${batchId}:${table}:${chunk}`;
    const metricChunks = batch.metrics.length ? byDays(batch.metrics) : [];
    await Promise.all([
      this.insert("usage_hourly", batch.usage, token("usage_hourly")),
      Promise.resolve(this.options.beforeInsert?.("traces")).then(() =>
        correctTraceRollup(batch.newlyAggregated, token("traces")),
      ),
      this.insert("trace_usage", traceUsageCorrections(batch.newlyAggregated), token("trace_usage")),
      this.insert("scores", batch.scores, token("scores")),
      this.insert("logs", batch.logs, token("logs")),
      ...metricChunks.map((chunk, i) => this.insert("metric_points", chunk, token("metric_points", i))),
    ]);
  }

  private async insert<Row extends { project_id: string }>(table: string, rows: Row[], token: string): Promise<void> {
    if (rows.length === 0) return;
    await this.options.beforeInsert?.(table);
    await insertRows(table, rows, token);
  }

  private async advance(position: number): Promise<void> {
    await writeFileAtomic(checkpointFile(this.dir), JSON.stringify({ position } satisfies Checkpoint));
    this.appliedPosition = position;
    for (const waiter of this.waiters) {
      if (waiter.position <= position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
    await this.log.dropBefore(position);
  }

  private report(message: string): void {
    (this.options.report ?? ((m: string) => console.error(`[ingest-log] ${m}`)))(message);
  }
}

const checkpointFile = (dir: string) => path.join(dir, "applied.json");
// One prepared file per batch in flight (two at most), named by where the batch starts.
const preparedFile = (dir: string, from: number) => path.join(dir, `prepared-${from}.json`);

/** Drops prepared batches the checkpoint has passed; one left by a release with a single prepared file is renamed. */
async function tidyPrepared(dir: string, applied: number): Promise<void> {
  const legacy = await readJsonFile<Prepared>(path.join(dir, "prepared.json"));
  if (legacy && legacy.from >= applied) await writeFileAtomic(preparedFile(dir, legacy.from), JSON.stringify(legacy));
  if (legacy) await removeFile(path.join(dir, "prepared.json"));
  for (const name of await fs.readdir(dir)) {
    const from = /^prepared-(\d+)\.json$/.exec(name)?.[1];
    if (from !== undefined && Number(from) < applied) await removeFile(path.join(dir, name));
  }
}
