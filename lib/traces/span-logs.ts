import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { int, sql, str } from "@/lib/clickhouse/sql";
import { GENAI_EVENT_NAMES, messagesFromEvents } from "@/lib/domain/genai/genai-events";
import { LOG_COLUMNS, logView, type LogRecordRow, type LogView } from "@/lib/logs/log-view";

// A trace's log records, read with the trace: GenAI events become the input and output of
// their span (as if the span had carried gen_ai.input/output.messages), every other record is
// listed on its span. Joined here at read time, so logs sent before or after their span work alike.

/** A trace can hold many log records; the view shows at most this many (newest dropped). */
const MAX_TRACE_LOGS = 5_000;

export type SpanLogs = {
  /** Fills `input` / `output` of spans that lack them from their GenAI event records. */
  fillMessages<S extends { span_id: string; input: string; output: string }>(spans: S[]): void;
  /** The non-GenAI records of one span, oldest first. */
  of(spanId: string): LogView[];
  /** Records of the trace whose span is not in it (or that name no span). */
  unattached(spanIds: Iterable<string>): LogView[];
};

export async function readSpanLogs({ ctx, traceId }: { ctx: ProjectContext; traceId: string }): Promise<SpanLogs> {
  requirePermission(ctx, "project.read");
  const rows = await queryRows<LogRecordRow>({
    projectId: ctx.projectId,
    tag: "traces.get.logs",
    query: sql`
      SELECT ${LOG_COLUMNS} FROM ${tables.logs}
      WHERE ${tables.logs.scope} AND trace_id = ${str(traceId)}
      ORDER BY time, time_ns, seq, record_hash LIMIT 1 BY record_hash LIMIT ${int(MAX_TRACE_LOGS)}`,
  });
  const showPayloads = can(ctx.role, "payloads.read");
  const events = new Map<string, LogRecordRow[]>();
  const others = new Map<string, LogView[]>();
  const add = <T>(map: Map<string, T[]>, key: string, value: T) =>
    (map.get(key) ?? map.set(key, []).get(key)!).push(value);
  for (const row of rows) {
    if (row.span_id && GENAI_EVENT_NAMES.has(row.event_name)) add(events, row.span_id, row);
    else add(others, row.span_id, logView(row, showPayloads));
  }
  return {
    fillMessages(spans) {
      for (const span of spans) {
        const records = events.get(span.span_id);
        if (!records) continue;
        const { input, output } = messagesFromEvents(records);
        // Attributes win: events only fill what the span itself did not carry.
        if (!span.input && input) span.input = input;
        if (!span.output && output) span.output = output;
      }
    },
    of: (spanId) => others.get(spanId) ?? [],
    unattached(spanIds) {
      const known = new Set(spanIds);
      return [...others.entries()].filter(([spanId]) => !known.has(spanId)).flatMap(([, logs]) => logs);
    },
  };
}
