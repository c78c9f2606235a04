import "server-only";
import path from "node:path";
import { insertRows, StoreError } from "@/lib/clickhouse/query";
import { attributeScores, type ScoredSpan } from "@/lib/domain/scores/attribute-scores";
import type { ScoreDraft } from "@/lib/domain/scores/score-row";
import { spanKey } from "@/lib/domain/span/span-key";
import type { SpanRow } from "@/lib/domain/span/span-row";
import { newlyAggregated, usageCounting } from "@/lib/domain/usage/usage-counting";
import { usageRows } from "@/lib/domain/usage/usage-rows";
import type { LogRow } from "../logs/normalize-log";
import type { MetricPointRow } from "../metrics/metric-rows";
import { byDays } from "../metrics/metric-chunks";
import { maybeTheRows, splitStoredSpans } from "../writer/batch-writer";
import { derivedRowProblem } from "../writer/derived-row-checks";
import { correctTraceRollup } from "../writer/trace-corrections";
import { traceUsageCorrections } from "../writer/trace-usage-corrections";
import { crashPoint } from "./crash-point";
import { decodeEntry, entryRowCount, type LogEntry } from "./entry";
import { readJsonFile, writeFileAtomic } from "./files";
import type { IngestLog } from "./log";
import type { LogRecord } from "./segments";
import { withReplicaLock } from "@/lib/replicas/replica-lock";

// The applier turns the log into tables, a batch at a time. A batch's derived rows depend on
// which of its spans were stored before it (those are dropped, and they re-attribute usage):
// that answer is written to disk with the batch's range before the first insert (the prepared
// batch), so that a replay after a crash derives the same rows again, and every insert carries
// the token `${batchId}:${table}:${chunk}`, so the tables that committed it drop the copy. Only
// then does the applied position (the checkpoint) move past the batch.

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
export const APPLIER_DEFAULTS: ApplierOptions = {
  maxBatchRows: 20_000,
  maxBatchBytes: 32 * 1024 * 1024,
  lingerMs: 100,
  lock: withReplicaLock,
};

type Decoded = { record: LogRecord; entry: LogEntry };
type Prepared = { batchId: string; from: number; to: number; stored: ScoredSpan[] };
type Checkpoint = { position: number };

const RETRY_MS = { first: 250, max: 10_000 };

export class Applier {
  private appliedPosition: number;
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
    return new Applier(log, dir, logId, Math.max(checkpoint?.position ?? 0, log.start), options);
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
      if (this.appliedPosition >= this.log.durableEnd) {
        await this.pause();
        continue;
      }
      // A light backlog waits a little for more records, so batches stay large.
      if (this.log.durableEnd - this.appliedPosition < this.options.maxBatchBytes / 4)
        await this.pause(this.options.lingerMs, true);
      if (this.stopping) break;
      try {
        await this.applyNext();
        this.storageDown = false;
        retryMs = RETRY_MS.first;
      } catch (error) {
        this.storageDown =
          error instanceof StoreError &&
          (error.code === "clickhouse_unavailable" || error.code === "clickhouse_overloaded");
        this.report(`apply failed at ${this.appliedPosition}, retrying in ${retryMs} ms: ${(error as Error).message}`);
        await this.pause(retryMs, true);
        retryMs = Math.min(retryMs * 2, RETRY_MS.max);
      }
    }
  }

  /** Waits for an append (or `ms`, or stop); with `sleepOnly`, appends do not end the wait. */
  private pause(ms?: number, sleepOnly = false): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.wake = sleepOnly ? () => (this.stopping ? done() : undefined) : done;
      if (this.stopping) done();
    });
  }

  private async applyNext(): Promise<void> {
    const from = this.appliedPosition;
    // A batch prepared before a crash is applied again exactly as it was cut.
    const prepared = await readJsonFile<Prepared>(preparedFile(this.dir));
    const resume = prepared && prepared.from === from ? prepared : null;
    const read = await this.log.read(from, this.options.maxBatchBytes, resume?.to);
    const decoded = read.map((record) => ({ record, entry: decodeEntry(record.payload) }));
    const batch = resume ? decoded : this.cut(decoded);
    if (batch.length === 0) return;
    const records = batch.map((b) => b.record);
    const started = performance.now();
    try {
      await this.applyRecords(from, batch, resume);
    } catch (error) {
      if (!maybeTheRows(error)) throw error;
      // The store refuses some of the batch's rows: each record alone, so that only the
      // records at fault are left out (they were acknowledged; they are reported, not retried).
      await this.applyOneByOne(from, records);
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    const rate = (records[records.length - 1]!.end - from) / Math.max(seconds, 0.001);
    this.bytesPerSecond = this.bytesPerSecond ? 0.7 * this.bytesPerSecond + 0.3 * rate : rate;
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
        // Decoded again: the batch's derivation marked its span rows.
        await this.applyRecords(start, [{ record, entry: decodeEntry(record.payload) }], null);
      } catch (error) {
        if (!maybeTheRows(error)) throw error;
        this.refusedRecords++;
        this.report(`record at ${start} refused by the store, left out: ${(error as Error).message}`);
        await this.advance(record.end);
      }
      start = record.end;
    }
  }

  private async applyRecords(from: number, decoded: Decoded[], resume: Prepared | null): Promise<void> {
    const to = decoded[decoded.length - 1]!.record.end;
    const entries = decoded.map((d) => d.entry);
    const spans = entries.flatMap((e) => (e.signal === "traces" ? e.rows : []));
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
        await writeFileAtomic(preparedFile(this.dir), JSON.stringify(ready));
        crashPoint("after-prepared");
      }
      prepareMs = performance.now() - timer;
      const derived = deriveBatch(entries, ready.stored);
      await this.insert("spans", derived.spans, `${ready.batchId}:spans:0`);
      return { prepared: ready, batch: derived };
    });
    const token = (table: string, chunk = 0) => `${prepared.batchId}:${table}:${chunk}`;
    const spansMs = performance.now() - timer - prepareMs;
    crashPoint("between-tables");
    // The other tables do not depend on one another: their inserts run together.
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
    crashPoint("before-checkpoint");
    await this.advance(to);
    const rows = entries.reduce((sum, e) => sum + e.rows.length, 0);
    this.lastBatch = { rows, prepareMs, spansMs, otherTablesMs: performance.now() - timer - prepareMs - spansMs };
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
const preparedFile = (dir: string) => path.join(dir, "prepared.json");

type DerivedBatch = {
  spans: SpanRow[];
  usage: ReturnType<typeof usageRows>;
  scores: ReturnType<typeof attributeScores>;
  newlyAggregated: ScoredSpan[];
  logs: LogRow[];
  metrics: MetricPointRow[];
};

/**
 * Every row a batch writes, from its records and the spans that were stored before it (a pure
 * function of both: a replay derives the same rows). Resent spans are dropped; usage is
 * counted once by structure; values the derived tables cannot hold refuse the batch before any
 * insert.
 */
export function deriveBatch(entries: LogEntry[], stored: ScoredSpan[]): DerivedBatch {
  const unique = new Map<string, SpanRow>();
  const drafts: ScoreDraft[] = [];
  const logs: LogRow[] = [];
  const metrics: MetricPointRow[] = [];
  for (const entry of entries) {
    if (entry.signal === "traces") {
      for (const row of entry.rows) unique.set(spanKey(row), row);
      drafts.push(...entry.scores);
    } else if (entry.signal === "logs") logs.push(...entry.rows);
    else metrics.push(...entry.rows);
  }
  for (const s of stored) unique.delete(spanKey(s));
  const fresh = [...unique.values()];
  const counting = usageCounting(fresh, stored);
  for (const row of fresh) {
    (row as SpanRow & { usage_counted: 0 | 1 }).usage_counted = counting.countedNow(row) ? 1 : 0;
    // Rows logged before migration 0017 lack the ids; every row of one insert has the same columns.
    row.session_id ??= "";
    row.user_id ??= "";
  }
  const usage = usageRows(fresh, stored, counting);
  const scores = attributeScores(drafts, [...fresh, ...stored]);
  const problem = derivedRowProblem(usage, scores);
  if (problem) throw new StoreError("clickhouse_rejected", problem);
  return { spans: fresh, usage, scores, newlyAggregated: newlyAggregated(stored, counting), logs, metrics };
}
