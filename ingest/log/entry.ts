import type { ScoreDraft } from "@/lib/domain/scores/score-row";
import type { SpanRow } from "@/lib/domain/span/span-row";
import type { LogRow } from "../logs/normalize-log";
import type { MetricPointRow } from "../metrics/metric-rows";

/**
 * One record of the ingest log: one export request's rows after decoding, normalization and
 * bounds (refused rows never reach the log), as the applier needs them. JSON: the rows are
 * plain objects, and the applier derives its usage and score rows from them anyway.
 */
export type LogEntry =
  | { signal: "traces"; rows: SpanRow[]; scores: ScoreDraft[] }
  | { signal: "logs"; rows: LogRow[] }
  | { signal: "metrics"; rows: MetricPointRow[] };

export const encodeEntry = (entry: LogEntry): Buffer => Buffer.from(JSON.stringify(entry), "utf8");
export const decodeEntry = (payload: Buffer): LogEntry => JSON.parse(payload.toString("utf8")) as LogEntry;
export const entryRowCount = (entry: LogEntry): number =>
  entry.rows.length + (entry.signal === "traces" ? entry.scores.length : 0);
