import { randomBytes } from "node:crypto";

// Builders for OTLP/JSON requests in tests.
type Attr = string | number | boolean | string[];
export const traceId = () => randomBytes(16).toString("hex");
export const spanId = () => randomBytes(8).toString("hex");

function anyValue(v: Attr): Record<string, unknown> {
  if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => ({ stringValue: x })) } };
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}
export const kv = (attributes: Record<string, Attr>) => Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));

export type JsonSpan = {
  traceId: string; spanId: string; parentSpanId?: string; name: string; startMs: number; durationMs: number;
  attributes?: Record<string, Attr>; status?: { code: number; message?: string }; events?: Array<{ name: string; attributes: Record<string, Attr> }>;
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
              startTimeUnixNano: String(BigInt(s.startMs) * 1_000_000n),
              endTimeUnixNano: String(BigInt(s.startMs) * 1_000_000n + BigInt(Math.round(s.durationMs * 1e6))),
              attributes: kv(s.attributes ?? {}),
              events: (s.events ?? []).map((e) => ({ timeUnixNano: String(BigInt(s.startMs) * 1_000_000n), name: e.name, attributes: kv(e.attributes) })),
              status: s.status ?? { code: 0 },
            })),
          },
        ],
      },
    ],
  };
}

export function postJson(url: string, key: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${url}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
