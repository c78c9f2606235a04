import { kv, type Attr } from "./build-json";

// Builds OTLP/JSON metrics requests: used by tests, the end-to-end specs and examples.

const nanos = (ms: number) => String(BigInt(Math.round(ms * 1000)) * 1000n);
const TEMPORALITY = { delta: 1, cumulative: 2 } as const;
type Temporality = keyof typeof TEMPORALITY;

export type NumberPoint = { timeMs: number; startMs?: number; value: number; attributes?: Record<string, Attr> };
export type HistogramPoint = {
  timeMs: number;
  startMs?: number;
  bounds: number[];
  counts: number[];
  sum?: number;
  attributes?: Record<string, Attr>;
};

const numberPoint = (p: NumberPoint) => ({
  attributes: kv(p.attributes ?? {}),
  startTimeUnixNano: nanos(p.startMs ?? p.timeMs),
  timeUnixNano: nanos(p.timeMs),
  ...(Number.isInteger(p.value) ? { asInt: String(p.value) } : { asDouble: p.value }),
});

export const gaugeMetric = (name: string, unit: string, points: NumberPoint[]) => ({
  name,
  unit,
  gauge: { dataPoints: points.map(numberPoint) },
});

export const sumMetric = (
  name: string,
  unit: string,
  points: NumberPoint[],
  temporality: Temporality = "cumulative",
  monotonic = true,
) => ({
  name,
  unit,
  sum: {
    dataPoints: points.map(numberPoint),
    aggregationTemporality: TEMPORALITY[temporality],
    isMonotonic: monotonic,
  },
});

export const histogramMetric = (
  name: string,
  unit: string,
  points: HistogramPoint[],
  temporality: Temporality = "cumulative",
) => ({
  name,
  unit,
  histogram: {
    aggregationTemporality: TEMPORALITY[temporality],
    dataPoints: points.map((p) => ({
      attributes: kv(p.attributes ?? {}),
      startTimeUnixNano: nanos(p.startMs ?? p.timeMs),
      timeUnixNano: nanos(p.timeMs),
      count: String(p.counts.reduce((a, b) => a + b, 0)),
      ...(p.sum === undefined ? {} : { sum: p.sum }),
      bucketCounts: p.counts.map(String),
      explicitBounds: p.bounds,
    })),
  },
});

export function otlpMetricsJson(
  metrics: object[],
  resource: Record<string, Attr> = { "service.name": "test-service" },
) {
  return {
    resourceMetrics: [{ resource: { attributes: kv(resource) }, scopeMetrics: [{ scope: { name: "test" }, metrics }] }],
  };
}
