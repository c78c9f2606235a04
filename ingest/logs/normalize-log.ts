import { createHash } from "node:crypto";
import { nanosToClickHouseTime } from "@/lib/domain/span/span-time";
import { stringOf } from "../normalize/attributes";
import { ingestWindow, inWindow, timeProblem, type TimeWindow } from "../normalize/bounds";
import { rejectionMessage } from "../normalize/normalize-all";
import { MAX_SPAN_BYTES } from "../normalize/normalize-span";
import { type ProjectIngestSettings } from "@/lib/domain/ingest-settings";
import type { DecodedLogRecord } from "../otlp/log-types";
import type { Attributes } from "../otlp/types";
import { redactLogParts } from "../redact/redact-row";
import type { RedactionSettings } from "@/lib/domain/redaction/redaction-settings";
import { redactorFor } from "../redact/redactor";

/** One row of the `logs` table. */
export type LogRow = {
  project_id: string;
  trace_id: string;
  span_id: string;
  time: string;
  time_ns: number;
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

/** A record larger than this (body and attributes together, before capping) is refused on its own, like a span. */
export const MAX_LOG_RECORD_BYTES = MAX_SPAN_BYTES;

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO = /^0*$/;
const SEVERITY_NAMES = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;

/** "INFO" for 9..12 and so on (OTLP SeverityNumber ranges); "" for unspecified. */
export function severityName(number: number): string {
  return number >= 1 && number <= 24 ? SEVERITY_NAMES[Math.floor((number - 1) / 4)]! : "";
}

function capText(value: string, limit: number): { text: string; truncated: boolean } {
  if (value.length * 3 <= limit || Buffer.byteLength(value) <= limit) return { text: value, truncated: false };
  return {
    text: Buffer.from(value)
      .subarray(0, limit)
      .toString("utf8")
      .replace(/\uFFFD$/, ""),
    truncated: true,
  };
}

function flatten(
  attributes: Attributes,
  limit: number,
): { map: Record<string, string>; bytes: number; truncated: boolean } {
  const map: Record<string, string> = {};
  let bytes = 0;
  let truncated = false;
  for (const key in attributes) {
    const value = stringOf(attributes[key]) ?? "";
    bytes += key.length + value.length;
    const capped = capText(value, limit);
    map[key] = capped.text;
    truncated ||= capped.truncated;
  }
  return { map, bytes, truncated };
}

/** Ids are optional on a log record; present ones must be well-formed (all-zero counts as absent). */
function ids(record: DecodedLogRecord): { traceId: string; spanId: string } | string {
  const traceId = ZERO.test(record.traceId) ? "" : record.traceId;
  const spanId = ZERO.test(record.spanId) ? "" : record.spanId;
  if (traceId && !TRACE_ID.test(traceId)) return "invalid trace id";
  if (spanId && !SPAN_ID.test(spanId)) return "invalid span id";
  if (spanId && !traceId) return "span id without a trace id";
  return { traceId, spanId };
}

export type NormalizedLog = { ok: true; row: LogRow } | { ok: false; reason: string };

type LogSettings = ProjectIngestSettings & { redaction?: RedactionSettings };

export function normalizeLog(
  projectId: string,
  record: DecodedLogRecord,
  seq: number,
  settings: LogSettings,
  receivedNanos: bigint,
  window: TimeWindow,
): NormalizedLog {
  const label = `log record ${seq}`;
  const found = ids(record);
  if (typeof found === "string") return { ok: false, reason: `${label}: ${found}` };

  const sent = typeof record.body === "string" ? record.body : record.body === null ? "" : JSON.stringify(record.body);
  const attrs = flatten(record.attributes, settings.payloadCapBytes);
  const resource = flatten(record.resource, settings.payloadCapBytes);
  if (sent.length + attrs.bytes > MAX_LOG_RECORD_BYTES)
    return { ok: false, reason: `${label}: larger than ${MAX_LOG_RECORD_BYTES} bytes` };
  const body = redactLogParts(redactorFor(settings.redaction), sent, attrs.map, resource.map);

  // The spec's fallbacks: the observed time stands in for a missing event time; receipt for both
  // (also for an observed time outside the ingest window: it only says when a collector saw it).
  const observed =
    record.observedNanos > 0n && inWindow(record.observedNanos, window) ? record.observedNanos : receivedNanos;
  const time = record.timeNanos > 0n ? record.timeNanos : observed;
  // `time` is the partition key: records over too many months would fail the insert of every request sharing it.
  const outside = timeProblem("timeUnixNano", time, window);
  if (outside) return { ok: false, reason: `${label}: ${outside}` };
  const severityNumber =
    Number.isInteger(record.severityNumber) && record.severityNumber >= 0 && record.severityNumber <= 24
      ? record.severityNumber
      : 0;
  const eventName = record.eventName || stringOf(record.attributes["event.name"]) || "";
  const cappedBody = capText(body, settings.payloadCapBytes);
  const hash = createHash("sha256")
    .update(
      JSON.stringify([
        found.traceId,
        found.spanId,
        String(record.timeNanos),
        String(record.observedNanos),
        severityNumber,
        record.severityText,
        eventName,
        body,
        attrs.map,
        resource.map,
        record.scopeName,
      ]),
    )
    .digest("hex")
    .slice(0, 32);

  return {
    ok: true,
    row: {
      project_id: projectId,
      trace_id: found.traceId,
      span_id: found.spanId,
      time: nanosToClickHouseTime(time),
      time_ns: Number(time % 1000n),
      observed_time: nanosToClickHouseTime(observed),
      seq,
      severity_number: severityNumber,
      severity_text: (record.severityText || severityName(severityNumber)).slice(0, 64),
      event_name: eventName.slice(0, 256),
      body: cappedBody.text,
      body_truncated: cappedBody.truncated || attrs.truncated ? 1 : 0,
      attributes: attrs.map,
      resource_attributes: resource.map,
      service_name: stringOf(record.resource["service.name"]) ?? "",
      scope_name: record.scopeName.slice(0, 256),
      record_hash: hash,
    },
  };
}

/** Normalizes each record; records refused on their own are counted with the first few reasons. */
export function normalizeLogs(
  projectId: string,
  records: DecodedLogRecord[],
  settings: LogSettings,
  receivedNanos = BigInt(Date.now()) * 1_000_000n,
) {
  const rows: LogRow[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  const window = ingestWindow(Number(receivedNanos / 1_000_000n));
  records.forEach((record, seq) => {
    const result = normalizeLog(projectId, record, seq, settings, receivedNanos, window);
    if (result.ok) rows.push(result.row);
    else {
      rejected += 1;
      if (reasons.length < 5) reasons.push(result.reason);
    }
  });
  return { rows, rejected, message: rejectionMessage("log record", rejected, reasons) };
}
