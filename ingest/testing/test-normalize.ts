import { decodeJson } from "@/ingest/otlp/decode-json";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { normalizeSpan } from "@/ingest/normalize/normalize-span";
import { DEFAULT_PAYLOAD_CAP_BYTES, type ProjectIngestSettings } from "@/lib/domain/ingest-settings";
import { type SpanRow } from "@/lib/domain/span/span-row";

// One span through decode and normalization, for the normalization tests.
export const testSettings: ProjectIngestSettings = {
  tenantKeys: [],
  featureKeys: [],
  payloadCapBytes: DEFAULT_PAYLOAD_CAP_BYTES,
};
const START = Date.UTC(2026, 10, 1, 12, 0, 0);

export function normalizeOne(
  partial: Partial<JsonSpan>,
  resource?: Record<string, string>,
  cfg = testSettings,
): SpanRow {
  const [decoded] = decodeJson(
    JSON.stringify(
      otlpJson(
        [{ traceId: traceId(), spanId: spanId(), name: "span", startMs: START, durationMs: 1500, ...partial }],
        resource,
      ),
    ),
  );
  const result = normalizeSpan("p1", decoded!, cfg);
  if (!result.ok) throw new Error(result.reason);
  return result.row;
}
