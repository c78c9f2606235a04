import { ExportTraceServiceRequest, otlpRoot } from "@/ingest/otlp/schema";

// Turns an export body, as a library sent it, into readable OTLP/JSON-like objects for the
// fixture dumps (hex ids, int64 as strings). Test support only: ingest has its own decoders.

const logMessages = {
  ResourceLogs: { fields: { resource: { type: "Resource", id: 1 }, scopeLogs: { rule: "repeated", type: "ScopeLogs", id: 2 }, schemaUrl: { type: "string", id: 3 } } },
  ScopeLogs: { fields: { scope: { type: "InstrumentationScope", id: 1 }, logRecords: { rule: "repeated", type: "LogRecord", id: 2 }, schemaUrl: { type: "string", id: 3 } } },
  LogRecord: {
    fields: {
      timeUnixNano: { type: "fixed64", id: 1 },
      observedTimeUnixNano: { type: "fixed64", id: 11 },
      severityNumber: { type: "int32", id: 2 },
      severityText: { type: "string", id: 3 },
      body: { type: "AnyValue", id: 5 },
      attributes: { rule: "repeated", type: "KeyValue", id: 6 },
      droppedAttributesCount: { type: "uint32", id: 7 },
      flags: { type: "fixed32", id: 8 },
      traceId: { type: "bytes", id: 9 },
      spanId: { type: "bytes", id: 10 },
      eventName: { type: "string", id: 12 },
    },
  },
  ExportLogsServiceRequest: { fields: { resourceLogs: { rule: "repeated", type: "ResourceLogs", id: 1 } } },
};
const ExportLogsServiceRequest = otlpRoot(logMessages).lookupType("otlp.ExportLogsServiceRequest");

const ID_FIELDS = new Set(["traceId", "spanId", "parentSpanId"]);

function hexIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hexIds);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ID_FIELDS.has(k) && typeof v === "string" ? Buffer.from(v, "base64").toString("hex") : hexIds(v)]));
}

export function fixtureJson(signal: string, contentType: string, body: Buffer): unknown {
  if (!contentType.includes("protobuf")) return JSON.parse(body.toString("utf8"));
  const type = signal === "logs" ? ExportLogsServiceRequest : ExportTraceServiceRequest;
  return hexIds(type.toObject(type.decode(body), { longs: String, bytes: String, defaults: false }));
}
