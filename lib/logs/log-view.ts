import { sql } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { structuralAttributes } from "@/lib/traces/structural-attributes";

/** The `logs` columns a read selects (everything but the project and the write time). */
export const LOG_COLUMNS = sql`trace_id, span_id, time, observed_time, seq, severity_number, toString(severity_text) AS severity_text, toString(event_name) AS event_name, body, body_truncated, attributes, resource_attributes, toString(service_name) AS service_name, toString(scope_name) AS scope_name, record_hash`;

export type LogRecordRow = {
  trace_id: string;
  span_id: string;
  time: string;
  observed_time: string;
  seq: number;
  severity_number: number;
  severity_text: string;
  event_name: string;
  body: string;
  body_truncated: number;
  attributes: Record<string, string>;
  resource_attributes: Record<string, string>;
  service_name: string;
  scope_name: string;
  record_hash: string;
};

export type LogView = {
  time: string;
  observedTime: string;
  traceId: string | null;
  spanId: string | null;
  severityNumber: number;
  severityText: string;
  eventName: string | null;
  body: string | null;
  bodyTruncated: boolean;
  attributes: Record<string, string>;
  resourceAttributes: Record<string, string>;
  serviceName: string;
  scopeName: string;
};

/** A stored record as the API and the trace view show it; bodies and non-structural attributes only for roles that read payloads. */
export function logView(r: LogRecordRow, showPayloads: boolean): LogView {
  return {
    time: fromClickHouseTime(r.time).toISOString(),
    observedTime: fromClickHouseTime(r.observed_time).toISOString(),
    traceId: r.trace_id || null,
    spanId: r.span_id || null,
    severityNumber: Number(r.severity_number),
    severityText: r.severity_text,
    eventName: r.event_name || null,
    body: showPayloads ? r.body : null,
    bodyTruncated: r.body_truncated === 1,
    attributes: showPayloads ? r.attributes : structuralAttributes(r.attributes),
    resourceAttributes: showPayloads ? r.resource_attributes : structuralAttributes(r.resource_attributes),
    serviceName: r.service_name,
    scopeName: r.scope_name,
  };
}
