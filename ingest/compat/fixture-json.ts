import { ExportLogsServiceRequest } from "@/ingest/otlp/logs-schema";
import { ExportMetricsServiceRequest } from "@/ingest/otlp/metrics-schema";
import { ExportTraceServiceRequest } from "@/ingest/otlp/schema";

// Turns an export body, as a library sent it, into readable OTLP/JSON-like objects for the
// fixture dumps (hex ids, int64 as strings). Test support only: ingest has its own decoders.

const ID_FIELDS = new Set(["traceId", "spanId", "parentSpanId"]);

function hexIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hexIds);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      ID_FIELDS.has(k) && typeof v === "string" ? Buffer.from(v, "base64").toString("hex") : hexIds(v),
    ]),
  );
}

export function fixtureJson(signal: string, contentType: string, body: Buffer): unknown {
  if (!contentType.includes("protobuf")) return JSON.parse(body.toString("utf8"));
  const type =
    signal === "logs"
      ? ExportLogsServiceRequest
      : signal === "metrics"
        ? ExportMetricsServiceRequest
        : ExportTraceServiceRequest;
  return hexIds(type.toObject(type.decode(body), { longs: String, bytes: String, defaults: false }));
}
