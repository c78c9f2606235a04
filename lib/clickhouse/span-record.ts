import type { RowBinaryColumns } from "@/db/clickhouse/client";
import { columnCodec, encodeRowBinaryEach, type ColumnCodec } from "@/db/clickhouse/row-binary";
import type { SpanRow } from "@/lib/domain/span/span-row";

// Span rows as the ingest log stores them: RowBinary of the `spans` columns, the format the
// engine loads directly, so the record costs one encoding (at the request) and the applier
// copies rows into its insert without decoding them. The types are spelled here, not read from
// the engine, so that ingest encodes while storage is down; span-record.test.ts holds them
// equal to the migrated table.

/** Every `spans` column a SpanRow carries, with its type. `usage_counted` is the applier's, appended per row. */
export const SPAN_RECORD_COLUMNS = [
  ["project_id", "LowCardinality(String)"],
  ["trace_id", "String"],
  ["span_id", "String"],
  ["parent_span_id", "String"],
  ["name", "String"],
  ["kind", "LowCardinality(String)"],
  ["service_name", "LowCardinality(String)"],
  ["start_time", "DateTime64(6, 'UTC')"],
  ["end_time", "DateTime64(6, 'UTC')"],
  ["duration_ms", "Float64"],
  ["status", "LowCardinality(String)"],
  ["status_message", "String"],
  ["tenant", "LowCardinality(String)"],
  ["feature", "LowCardinality(String)"],
  ["session_id", "String"],
  ["user_id", "String"],
  ["model", "LowCardinality(String)"],
  ["response_model", "LowCardinality(String)"],
  ["provider", "LowCardinality(String)"],
  ["operation", "LowCardinality(String)"],
  ["input_tokens", "UInt64"],
  ["output_tokens", "UInt64"],
  ["cached_input_tokens", "UInt64"],
  ["reasoning_tokens", "UInt64"],
  ["reported_cost_usd", "Nullable(Float64)"],
  ["finish_reason", "LowCardinality(String)"],
  ["prompt_name", "String"],
  ["prompt_version", "String"],
  ["time_to_first_token_ms", "Nullable(Float64)"],
  ["time_per_output_token_ms", "Nullable(Float64)"],
  ["usage_estimated", "UInt8"],
  ["tool_name", "LowCardinality(String)"],
  ["tool_call_id", "String"],
  ["tool_arguments", "String"],
  ["tool_result", "String"],
  ["documents", "String"],
  ["input", "String"],
  ["output", "String"],
  ["payload_truncated", "UInt8"],
  ["gpu_type", "LowCardinality(String)"],
  ["gpu_count", "UInt16"],
  ["gpu_utilization", "Nullable(Float32)"],
  ["gpu_seconds", "Float64"],
  ["exception_type", "String"],
  ["exception_message", "String"],
  ["attributes", "Map(String, String)"],
  ["resource_attributes", "Map(String, String)"],
  ["events", "String"],
] as const satisfies ReadonlyArray<readonly [keyof SpanRow, string]>;

// A SpanRow field missing from the list fails to compile here.
type Unlisted = Exclude<keyof SpanRow, (typeof SPAN_RECORD_COLUMNS)[number][0]>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/** The per-row column the applier decides (is this span's usage counted in the rollups). */
export const USAGE_COUNTED_COLUMN = { name: "usage_counted", type: "UInt8" } as const;

const codecs: ColumnCodec[] = SPAN_RECORD_COLUMNS.map(([name, type]) => columnCodec(name, type));

export type EncodedSpans = {
  /** The columns each row holds, in order, with their types (a record written before a schema change keeps its own). */
  columns: RowBinaryColumns;
  body: Buffer;
  /** Where each row ends in `body`. */
  ends: number[];
};

/** Span rows as RowBinary; a row a column cannot hold is left out and reported by index. */
export function encodeSpanRows(
  rows: SpanRow[],
  refused: (index: number, message: string) => void = () => undefined,
): EncodedSpans & { kept: number[] } {
  const { bytes, ends, kept } = encodeRowBinaryEach(rows, codecs, refused);
  return { columns: SPAN_RECORD_COLUMNS, body: bytes, ends, kept };
}
