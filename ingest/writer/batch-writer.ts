import "server-only";
import { brandErrors } from "@/db/cross-bundle";
import { insertRows, queryRows, StoreError } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { columns, sql, strs } from "@/lib/clickhouse/sql";
import { attributeScores, SCORED_SPAN_COLUMNS, type ScoredSpan } from "@/lib/domain/scores/attribute-scores";
import { spanKey } from "@/lib/domain/span/span-key";
import type { ScoreDraft, ScoreRow } from "@/lib/domain/scores/score-row";
import type { SpanRow } from "@/lib/domain/span/span-row";
import { derivedRowProblem } from "./derived-row-checks";
import { correctTraceRollup } from "./trace-corrections";
import { traceUsageCorrections } from "./trace-usage-corrections";
import { newlyAggregated, usageCounting, type UsageCounting } from "@/lib/domain/usage/usage-counting";
import { USAGE_SPAN_COLUMNS, usageRows, type UsageRow } from "@/lib/domain/usage/usage-rows";

// A direct writer, for seeding (tests, fixtures, benches): concurrent writes queue their rows;
// one flush at a time takes everything queued (up to a batch), drops spans already stored,
// inserts once, and only then resolves every waiting write. The server's ingest does not use
// it: exports and the judge's spans go through the ingest log (ingest/log/). The stored-span
// lookup and the refusal checks here are shared with the log's applier.

// Thrown by the ingest log, which the server's bootstrap opens, and read by the routes.
const backPressure = brandErrors("BackPressureError");
const shuttingDown = brandErrors("ShuttingDownError");

export class BackPressureError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Ingest queue is full");
    this.name = "BackPressureError";
    backPressure.mark(this);
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return backPressure.is(value);
  }
}
export class ShuttingDownError extends Error {
  constructor(message?: string) {
    super(message);
    shuttingDown.mark(this);
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return shuttingDown.is(value);
  }
}

type Pending = {
  rows: SpanRow[];
  scores: ScoreDraft[];
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
};
export type WriteResult = { inserted: number; duplicates: number };

export type BatchWriterOptions = {
  maxBatchRows: number;
  maxPendingRows: number;
  lingerMs: number;
  /** Awaited before each flush takes its batch (tests put concurrent requests into one flush with it). */
  holdFlush?: () => Promise<void>;
};
const DEFAULTS: BatchWriterOptions = { maxBatchRows: 20_000, maxPendingRows: 200_000, lingerMs: 5 };

/**
 * Whether a failed insert may be the rows' fault, so that a smaller batch could pass: the store
 * refused them, or failed in a way that is not an outage. A store that is down or overloaded
 * is not asked again.
 */
export const maybeTheRows = (error: unknown) =>
  error instanceof StoreError && (error.code === "clickhouse_rejected" || error.code === "clickhouse_query");

/**
 * Keeps one copy of each (project, trace, span) and drops the ones ClickHouse already holds.
 * Also answers the stored spans of those traces, which the usage rollup needs to re-attribute.
 */
export async function splitStoredSpans<Span extends ScoredSpan>(
  rows: Span[],
): Promise<{ fresh: Span[]; stored: ScoredSpan[] }> {
  const unique = new Map<string, Span>();
  for (const row of rows) unique.set(spanKey(row), row);
  const byProject = new Map<string, Set<string>>();
  for (const row of unique.values()) {
    const traces = byProject.get(row.project_id) ?? new Set<string>();
    traces.add(row.trace_id);
    byProject.set(row.project_id, traces);
  }
  const stored: ScoredSpan[] = [];
  for (const [projectId, traceIds] of byProject) {
    // Most traces of a flush are new. The `traces` rollup (filled by the same inserts, 256-row
    // granules) says which are not, reading far less than the 8,192-row granules of `spans`.
    const known = await queryRows<{ trace_id: string }>({
      projectId,
      tag: "ingest.known_traces",
      query: sql`SELECT DISTINCT trace_id FROM ${tables.traces} WHERE ${tables.traces.scope} AND trace_id IN ${strs([...traceIds])}`,
    });
    if (known.length === 0) continue;
    const found = await queryRows<ScoredSpan>({
      projectId,
      tag: "ingest.stored_spans",
      query: sql`SELECT ${columns([...USAGE_SPAN_COLUMNS, ...SCORED_SPAN_COLUMNS])} FROM ${tables.spans} WHERE ${tables.spans.scope} AND trace_id IN ${strs(known.map((t) => t.trace_id))} LIMIT 1 BY trace_id, span_id`,
    });
    for (const s of found) {
      unique.delete(spanKey(s));
      stored.push(s);
    }
  }
  return { fresh: [...unique.values()], stored };
}

/**
 * One insert at a time into a table; rows that arrive meanwhile go together in the next one.
 * Each insert costs the embedded engine about 10 ms before its first row, so while it is busy,
 * flushes share their rollup and score inserts instead of queueing one each.
 */
export class CoalescedInserts<Row extends { project_id: string }> {
  private waiting: Array<{ rows: Row[]; resolve: () => void; reject: (error: unknown) => void }> = [];
  private busy = false;

  constructor(
    private readonly table: string,
    private readonly chunks?: (rows: Row[]) => Row[][],
  ) {}

  insert(rows: Row[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      void this.next();
    });
  }

  private async next(): Promise<void> {
    if (this.busy || this.waiting.length === 0) return;
    this.busy = true;
    const group = this.waiting;
    this.waiting = [];
    try {
      await this.write(group.flatMap((w) => w.rows));
      for (const w of group) w.resolve();
    } catch (error) {
      // The callers share one insert: when the rows may be at fault, each caller's rows are
      // written alone, so only the callers whose rows the store refuses fail.
      if (group.length > 1 && maybeTheRows(error)) await this.eachAlone(group);
      else for (const w of group) w.reject(error);
    } finally {
      this.busy = false;
      void this.next();
    }
  }

  private async eachAlone(
    group: Array<{ rows: Row[]; resolve: () => void; reject: (error: unknown) => void }>,
  ): Promise<void> {
    for (const w of group) {
      try {
        await this.write(w.rows);
        w.resolve();
      } catch (error) {
        w.reject(error);
      }
    }
  }

  /** One insert, or several when `chunks` splits the rows (partitions per insert are limited). */
  private async write(rows: Row[]): Promise<void> {
    for (const chunk of this.chunks ? this.chunks(rows) : [rows]) await insertRows(this.table, chunk);
  }
}

export class BatchWriter {
  private queue: Pending[] = [];
  private pendingRows = 0;
  private running: Promise<void> | null = null;
  private readonly tails = new Set<Promise<void>>();
  private readonly usageInserts = new CoalescedInserts<UsageRow>("usage_hourly");
  private readonly scoreInserts = new CoalescedInserts<ScoreRow>("scores");
  private closed = false;
  private readonly options: BatchWriterOptions;

  constructor(options: Partial<BatchWriterOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  get queuedRows(): number {
    return this.pendingRows;
  }

  /** Spans, and the scores that came inside them (rule and evaluation scores). */
  write(rows: SpanRow[], scores: ScoreDraft[] = []): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new ShuttingDownError("Server is shutting down"));
    if (rows.length === 0) return Promise.resolve({ inserted: 0, duplicates: 0 });
    if (this.pendingRows + rows.length > this.options.maxPendingRows) {
      return Promise.reject(new BackPressureError(Math.max(1, Math.ceil(this.pendingRows / 50_000))));
    }
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ rows, scores, resolve, reject });
      this.pendingRows += rows.length;
      this.kick();
    });
  }

  /** Flushes everything queued, then refuses new writes: for SIGTERM. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running || this.queue.length || this.tails.size) {
      this.kick();
      await Promise.all([this.running, ...this.tails]);
    }
  }

  private kick(): void {
    if (this.running || this.queue.length === 0) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      this.kick();
    });
  }

  // One flush at a time finds stored spans and inserts the fresh ones: the next flush's lookup
  // must see them, or a span resent across two flushes would be stored twice. The rollup and
  // score inserts that follow do not need that order, so they run beside the next flush.
  private async drain(): Promise<void> {
    if (this.options.holdFlush) await this.options.holdFlush();
    if (this.options.lingerMs > 0 && !this.closed) await new Promise((r) => setTimeout(r, this.options.lingerMs));
    const batch: Pending[] = [];
    let count = 0;
    while (this.queue.length && (count === 0 || count + this.queue[0]!.rows.length <= this.options.maxBatchRows)) {
      const next = this.queue.shift()!;
      batch.push(next);
      count += next.rows.length;
    }
    await this.commit(batch);
  }

  /**
   * Inserts the batch's fresh spans. When the store refuses them (not when it is down), the
   * batch is halved and each half committed on its own, the second after the first (its lookup
   * sees the first half's spans), until the requests that caused it are alone: only they fail,
   * with the store's reason, and the other requests of the batch, of any project, commit.
   */
  private async commit(batch: Pending[]): Promise<void> {
    let flush: Flush;
    try {
      flush = await prepareFlush(batch);
      await insertRows("spans", flush.fresh);
    } catch (error) {
      if (batch.length > 1 && maybeTheRows(error)) {
        const half = Math.ceil(batch.length / 2);
        await this.commit(batch.slice(0, half));
        await this.commit(batch.slice(half));
        return;
      }
      return this.settle(batch, error);
    }
    const tail = this.finish(batch, flush).then(
      () => this.settle(batch),
      (error: unknown) => this.settle(batch, error),
    );
    this.tails.add(tail);
    void tail.finally(() => this.tails.delete(tail));
  }

  /** Takes the batch's rows off the pending count; with an error, fails its requests. */
  private settle(batch: Pending[], error?: unknown): void {
    for (const p of batch) {
      this.pendingRows -= p.rows.length;
      if (error !== undefined) p.reject(error);
    }
  }

  private async finish(batch: Pending[], { fresh, stored, counting, usage, scores }: Flush): Promise<void> {
    // Usage after the spans, so it is never counted twice: if this insert fails, the request
    // fails and its retry finds the spans stored; the rollups stay off until
    // `npm run usage:rebuild`. Scores of resent spans are written again: same key and values.
    // Stored spans that became aggregates with this flush's descendants are taken off the
    // `traces` and `trace_usage` rollups here (rare: a trace split over requests).
    const newly = newlyAggregated(stored, counting);
    await Promise.all([
      this.usageInserts.insert(usage),
      correctTraceRollup(newly),
      insertRows("trace_usage", traceUsageCorrections(newly)),
      this.scoreInserts.insert(scores),
    ]);
    const freshKeys = new Set(fresh.map(spanKey));
    for (const p of batch) {
      const inserted = p.rows.filter((r) => freshKeys.delete(spanKey(r))).length;
      p.resolve({ inserted, duplicates: p.rows.length - inserted });
    }
  }
}

type Flush = { fresh: SpanRow[]; stored: ScoredSpan[]; counting: UsageCounting; usage: UsageRow[]; scores: ScoreRow[] };

/**
 * Everything a flush writes, decided before its first insert: the fresh spans (resent ones
 * dropped), flagged counted or aggregate (the `traces` rollup's view sums only counted usage),
 * and the usage and score rows they make, checked to fit their tables.
 */
async function prepareFlush(batch: Pending[]): Promise<Flush> {
  const { fresh, stored } = await splitStoredSpans(batch.flatMap((p) => p.rows));
  const counting = usageCounting(fresh, stored);
  for (const row of fresh) {
    (row as SpanRow & { usage_counted: 0 | 1 }).usage_counted = counting.countedNow(row) ? 1 : 0;
    // Rows logged before migration 0017 lack the ids; every row of one insert has the same columns.
    row.session_id ??= "";
    row.user_id ??= "";
  }
  const usage = usageRows(fresh, stored, counting);
  const scores = attributeScores(
    batch.flatMap((p) => p.scores),
    [...fresh, ...stored],
  );
  const problem = derivedRowProblem(usage, scores);
  if (problem) throw new StoreError("clickhouse_rejected", problem);
  return { fresh, stored, counting, usage, scores };
}
