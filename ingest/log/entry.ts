import { encodeSpanRows, type EncodedSpans } from "@/lib/clickhouse/span-record";
import { SCORED_SPAN_COLUMNS, type ScoredSpan } from "@/lib/domain/scores/attribute-scores";
import type { ScoreDraft } from "@/lib/domain/scores/score-row";
import type { SpanRow } from "@/lib/domain/span/span-row";
import { USAGE_SPAN_COLUMNS } from "@/lib/domain/usage/usage-rows";
import type { LogRow } from "../logs/normalize-log";
import type { MetricPointRow } from "../metrics/metric-rows";

/**
 * One record of the ingest log: one export request's rows after decoding, normalization and
 * bounds (refused rows never reach the log). Spans are kept twice over, cheaply: as RowBinary
 * rows the spans insert copies as they are, and as their heads, the few fields the applier
 * derives usage and score attribution from (the same fields a stored span is read back with).
 */
export type LogEntry =
  | { signal: "traces"; heads: SpanHead[]; scores: ScoreDraft[]; spans: EncodedSpans }
  | { signal: "logs"; rows: LogRow[] }
  | { signal: "metrics"; rows: MetricPointRow[] };
export type TraceEntry = Extract<LogEntry, { signal: "traces" }>;

export type SpanHead = ScoredSpan;
const HEAD_COLUMNS = [...USAGE_SPAN_COLUMNS, ...SCORED_SPAN_COLUMNS] as const;

/** A request's spans as a log entry; a span the stored types cannot hold is refused by index. */
export function traceEntry(
  rows: SpanRow[],
  scores: ScoreDraft[],
  refused?: (index: number, message: string) => void,
): TraceEntry {
  for (const row of rows) {
    // Ids a span does not carry (and rows logged before migration 0017) are empty, as the column defaults.
    row.session_id ??= "";
    row.user_id ??= "";
  }
  const { kept, ...spans } = encodeSpanRows(rows, refused);
  const heads = kept.map((i) => headOf(rows[i]!));
  return { signal: "traces", heads, scores, spans };
}

function headOf(row: SpanRow): SpanHead {
  const head: Record<string, unknown> = {};
  for (const column of HEAD_COLUMNS) head[column] = row[column];
  return head as SpanHead;
}

// A trace record: this byte, the head's length (UInt32 LE), the head as JSON (heads as arrays
// of HEAD_COLUMNS values, scores, the row columns and ends), then the RowBinary rows. Records of
// other signals, and trace records written before this format, are JSON and start with "{".
const BINARY_TRACES = 0x01;

type TraceHead = {
  headColumns: string[];
  heads: unknown[][];
  scores: ScoreDraft[];
  columns: EncodedSpans["columns"];
  ends: number[];
};

export function encodeEntry(entry: LogEntry): Buffer {
  if (entry.signal !== "traces") return Buffer.from(JSON.stringify(entry), "utf8");
  const head: TraceHead = {
    headColumns: [...HEAD_COLUMNS],
    heads: entry.heads.map((h) => HEAD_COLUMNS.map((c) => h[c] ?? null)),
    scores: entry.scores,
    columns: entry.spans.columns,
    ends: entry.spans.ends,
  };
  const json = Buffer.from(JSON.stringify(head), "utf8");
  const prefix = Buffer.allocUnsafe(5);
  prefix[0] = BINARY_TRACES;
  prefix.writeUInt32LE(json.length, 1);
  return Buffer.concat([prefix, json, entry.spans.body]);
}

export function decodeEntry(payload: Buffer): LogEntry {
  if (payload[0] !== BINARY_TRACES) {
    const entry = JSON.parse(payload.toString("utf8")) as
      | Exclude<LogEntry, TraceEntry>
      | { signal: "traces"; rows: SpanRow[]; scores: ScoreDraft[] };
    // A trace record of the earlier JSON format (a log left by an older release) reads as it did.
    return entry.signal === "traces" ? traceEntry(entry.rows, entry.scores) : entry;
  }
  const headLength = payload.readUInt32LE(1);
  const head = JSON.parse(payload.toString("utf8", 5, 5 + headLength)) as TraceHead;
  const heads = head.heads.map((values) => {
    const span: Record<string, unknown> = {};
    head.headColumns.forEach((column, i) => (span[column] = values[i]));
    return span as SpanHead;
  });
  const body = payload.subarray(5 + headLength);
  return { signal: "traces", heads, scores: head.scores, spans: { columns: head.columns, body, ends: head.ends } };
}

// Scores are not counted: a span carries up to four small rule scores, and counting them cut
// batches at a fifth of the spans the engine inserts best in one statement.
export const entryRowCount = (entry: LogEntry): number =>
  entry.signal === "traces" ? entry.heads.length : entry.rows.length;
