import { anyValue, keyValues, toBigInt } from "./decode-json";
import type { DecodedLogRecord } from "./log-types";
import { DecodeError } from "./types";
import { parseOtlpJson } from "./well-formed";

// OTLP/JSON logs: lowerCamelCase keys (snake_case tolerated), hex ids, severity as a number,
// 64-bit integers as decimal strings or numbers.

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const field = (o: JsonObject, camel: string, snake: string): Json => (camel in o ? o[camel] : o[snake]);
const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);
const text = (v: Json): string => (typeof v === "string" ? v : "");
const id = (v: Json) => text(v).toLowerCase();

export function decodeLogsJson(body: string): DecodedLogRecord[] {
  let parsed: Json;
  try {
    parsed = parseOtlpJson(body);
  } catch (error) {
    throw new DecodeError(`Malformed JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new DecodeError("Body must be a JSON object (ExportLogsServiceRequest)");
  const resourceLogs = field(parsed, "resourceLogs", "resource_logs");
  if (resourceLogs !== undefined && !Array.isArray(resourceLogs))
    throw new DecodeError("resourceLogs must be an array");
  const records: DecodedLogRecord[] = [];
  for (const rl of list(resourceLogs)) {
    if (!isObject(rl)) throw new DecodeError("resourceLogs entries must be objects");
    const resource = keyValues(isObject(rl.resource) ? rl.resource.attributes : undefined);
    for (const sl of list(field(rl, "scopeLogs", "scope_logs"))) {
      if (!isObject(sl)) throw new DecodeError("scopeLogs entries must be objects");
      const scope = isObject(sl.scope) ? sl.scope : {};
      for (const r of list(field(sl, "logRecords", "log_records"))) {
        if (!isObject(r)) throw new DecodeError("logRecords entries must be objects");
        records.push({
          traceId: id(field(r, "traceId", "trace_id")),
          spanId: id(field(r, "spanId", "span_id")),
          timeNanos: toBigInt(field(r, "timeUnixNano", "time_unix_nano")),
          observedNanos: toBigInt(field(r, "observedTimeUnixNano", "observed_time_unix_nano")),
          severityNumber: Number(field(r, "severityNumber", "severity_number") ?? 0) || 0,
          severityText: text(field(r, "severityText", "severity_text")),
          eventName: text(field(r, "eventName", "event_name")),
          body: anyValue(r.body),
          attributes: keyValues(r.attributes),
          resource,
          scopeName: text(scope.name),
          scopeVersion: text(scope.version),
        });
      }
    }
  }
  return records;
}
