import { DecodeError, type AttributeValue, type Attributes, type DecodedSpan } from "./types";
import { parseOtlpJson } from "./well-formed";

// OTLP/JSON: lowerCamelCase keys (snake_case tolerated), hex trace and span ids, enums as
// numbers, 64-bit integers as decimal strings or numbers.

type Json = unknown;
type JsonObject = Record<string, Json>;

const MAX_DEPTH = 16;
const isObject = (v: Json): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const field = (o: JsonObject, camel: string, snake: string): Json => (camel in o ? o[camel] : o[snake]);
const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);
const text = (v: Json): string => (typeof v === "string" ? v : "");

export function toBigInt(v: Json): bigint {
  if (typeof v === "number" && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === "string" && /^-?\d{1,20}$/.test(v)) return BigInt(v);
  return 0n;
}

function toInt(v: Json): number | string {
  const big = toBigInt(v);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(big)
    : big.toString();
}

export function anyValue(v: Json, depth = 0): AttributeValue {
  if (!isObject(v) || depth > MAX_DEPTH) return null;
  if ("stringValue" in v || "string_value" in v) return text(field(v, "stringValue", "string_value"));
  if ("boolValue" in v || "bool_value" in v) return field(v, "boolValue", "bool_value") === true;
  if ("intValue" in v || "int_value" in v) return toInt(field(v, "intValue", "int_value"));
  if ("doubleValue" in v || "double_value" in v) {
    const d = field(v, "doubleValue", "double_value");
    return typeof d === "number" ? d : Number(d);
  }
  if ("arrayValue" in v || "array_value" in v) {
    const arr = field(v, "arrayValue", "array_value");
    return list(isObject(arr) ? arr.values : undefined).map((x) => anyValue(x, depth + 1));
  }
  if ("kvlistValue" in v || "kvlist_value" in v) {
    const kv = field(v, "kvlistValue", "kvlist_value");
    return keyValues(isObject(kv) ? kv.values : undefined, depth + 1);
  }
  if ("bytesValue" in v || "bytes_value" in v) return text(field(v, "bytesValue", "bytes_value"));
  return null;
}

export function keyValues(v: Json, depth = 0): Attributes {
  const out: Attributes = {};
  for (const kv of list(v)) {
    if (isObject(kv) && typeof kv.key === "string" && kv.key) out[kv.key] = anyValue(kv.value, depth);
  }
  return out;
}

const id = (v: Json) => text(v).toLowerCase();

export function decodeJson(body: string): DecodedSpan[] {
  let parsed: Json;
  try {
    parsed = parseOtlpJson(body);
  } catch (error) {
    throw new DecodeError(`Malformed JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new DecodeError("Body must be a JSON object (ExportTraceServiceRequest)");
  const resourceSpans = field(parsed, "resourceSpans", "resource_spans");
  if (resourceSpans !== undefined && !Array.isArray(resourceSpans))
    throw new DecodeError("resourceSpans must be an array");
  const spans: DecodedSpan[] = [];
  for (const rs of list(resourceSpans)) {
    if (!isObject(rs)) throw new DecodeError("resourceSpans entries must be objects");
    const resource = keyValues(isObject(rs.resource) ? rs.resource.attributes : undefined);
    for (const ss of list(field(rs, "scopeSpans", "scope_spans"))) {
      if (!isObject(ss)) throw new DecodeError("scopeSpans entries must be objects");
      const scope = isObject(ss.scope) ? ss.scope : {};
      for (const s of list(ss.spans)) {
        if (!isObject(s)) throw new DecodeError("spans entries must be objects");
        const status = isObject(s.status) ? s.status : {};
        spans.push({
          traceId: id(field(s, "traceId", "trace_id")),
          spanId: id(field(s, "spanId", "span_id")),
          parentSpanId: id(field(s, "parentSpanId", "parent_span_id")),
          name: text(s.name),
          kind: Number(s.kind ?? 0) || 0,
          startNanos: toBigInt(field(s, "startTimeUnixNano", "start_time_unix_nano")),
          endNanos: toBigInt(field(s, "endTimeUnixNano", "end_time_unix_nano")),
          attributes: keyValues(s.attributes),
          events: list(s.events)
            .filter(isObject)
            .map((e) => ({
              timeNanos: toBigInt(field(e, "timeUnixNano", "time_unix_nano")),
              name: text(e.name),
              attributes: keyValues(e.attributes),
            })),
          links: list(s.links)
            .filter(isObject)
            .map((l) => ({
              traceId: id(field(l, "traceId", "trace_id")),
              spanId: id(field(l, "spanId", "span_id")),
              attributes: keyValues(l.attributes),
            })),
          statusCode: Number(status.code ?? 0) || 0,
          statusMessage: text(status.message),
          resource,
          scopeName: text(scope.name),
          scopeVersion: text(scope.version),
        });
      }
    }
  }
  return spans;
}
