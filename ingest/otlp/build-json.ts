// Builds OTLP/JSON requests: used by the demo data generator and by tests.

export type Attr = string | number | boolean | string[];

function anyValue(v: Attr): Record<string, unknown> {
  if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => ({ stringValue: x })) } };
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}
export const kv = (attributes: Record<string, Attr>) =>
  Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));

export type JsonSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  durationMs: number;
  attributes?: Record<string, Attr>;
  status?: { code: number; message?: string };
  events?: Array<{ name: string; attributes: Record<string, Attr> }>;
};

export function otlpJson(spans: JsonSpan[], resource: Record<string, Attr> = { "service.name": "test-service" }) {
  return {
    resourceSpans: [
      {
        resource: { attributes: kv(resource) },
        scopeSpans: [
          {
            scope: { name: "test" },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? "",
              name: s.name,
              kind: 1,
              startTimeUnixNano: String(BigInt(Math.round(s.startMs * 1000)) * 1000n),
              endTimeUnixNano: String(
                BigInt(Math.round(s.startMs * 1000)) * 1000n + BigInt(Math.round(s.durationMs * 1e6)),
              ),
              attributes: kv(s.attributes ?? {}),
              events: (s.events ?? []).map((e) => ({
                timeUnixNano: String(BigInt(Math.round(s.startMs * 1000)) * 1000n),
                name: e.name,
                attributes: kv(e.attributes),
              })),
              status: s.status ?? { code: 0 },
            })),
          },
        ],
      },
    ],
  };
}
