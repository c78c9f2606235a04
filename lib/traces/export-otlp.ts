import "server-only";
import type { getTrace } from "./get-trace";

type Trace = Awaited<ReturnType<typeof getTrace>>;

const kv = (map: Record<string, string>) =>
  Object.entries(map).map(([key, value]) => ({ key, value: { stringValue: value } }));
const nanos = (iso: string) => (BigInt(Date.parse(iso)) * 1_000_000n).toString();
const STATUS = { unset: 0, ok: 1, error: 2 } as const;

/**
 * The trace as an OTLP/JSON ExportTraceServiceRequest that re-imports through /v1/traces:
 * original attributes (as strings), resource, events and status. Payloads hidden from the
 * caller's role stay out of the export too.
 */
export function traceToOtlpJson(trace: Trace) {
  const byResource = new Map<string, { resource: Record<string, string>; spans: unknown[] }>();
  for (const s of trace.spans) {
    const resourceKey = JSON.stringify(s.resourceAttributes);
    const group = byResource.get(resourceKey) ?? { resource: s.resourceAttributes, spans: [] };
    const events = (s.events as Array<{ name: string; time: string; attributes?: Record<string, unknown> }>).map(
      (e) => ({
        name: e.name,
        timeUnixNano: nanos(`${e.time.replace(" ", "T")}Z`),
        attributes: Object.entries(e.attributes ?? {}).map(([key, value]) => ({
          key,
          value: { stringValue: typeof value === "string" ? value : JSON.stringify(value) },
        })),
      }),
    );
    group.spans.push({
      traceId: trace.traceId,
      spanId: s.spanId,
      parentSpanId: s.parentSpanId ?? "",
      name: s.name,
      kind: 1,
      startTimeUnixNano: nanos(s.startTime),
      endTimeUnixNano: (
        BigInt(Date.parse(s.startTime)) * 1_000_000n +
        BigInt(Math.round(s.durationMs * 1e6))
      ).toString(),
      attributes: kv(s.attributes),
      events,
      status: { code: STATUS[s.status as keyof typeof STATUS] ?? 0, message: s.statusMessage ?? "" },
    });
    byResource.set(resourceKey, group);
  }
  return {
    resourceSpans: [...byResource.values()].map((g) => ({
      resource: { attributes: kv(g.resource) },
      scopeSpans: [{ scope: { name: "observatory-export" }, spans: g.spans }],
    })),
  };
}
