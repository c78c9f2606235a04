import type { Attributes } from "./types";

// The decoded form of an ExportMetricsServiceRequest: one entry per data point, with its metric
// and resource, the same whether it came as protobuf or JSON. Values are as sent; the pipeline
// validates them (non-finite values, missing times, bucket arrays that do not match).

export type MetricType = "gauge" | "sum" | "histogram" | "exponential_histogram" | "summary";
/** AggregationTemporality: 0 unspecified, 1 delta, 2 cumulative. */
export type Temporality = 0 | 1 | 2;

export type ExponentialBuckets = { offset: number; counts: number[] };

export type DecodedMetricPoint = {
  resource: Attributes;
  scopeName: string;
  scopeVersion: string;
  name: string;
  unit: string;
  type: MetricType;
  temporality: Temporality;
  monotonic: boolean;
  attributes: Attributes;
  startNanos: bigint;
  timeNanos: bigint;
  /** Bit 0: FLAG_NO_RECORDED_VALUE (a Prometheus staleness marker). */
  flags: number;
  /** Gauge and sum; null when the point carries neither as_double nor as_int. */
  value: number | null;
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  bounds: number[];
  bucketCounts: number[];
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
  quantiles: Array<{ quantile: number; value: number }>;
};

/** A point with every optional part empty; decoders fill what the message carries. */
export function emptyPoint(
  base: Pick<
    DecodedMetricPoint,
    "resource" | "scopeName" | "scopeVersion" | "name" | "unit" | "type" | "temporality" | "monotonic"
  >,
): DecodedMetricPoint {
  return {
    ...base,
    attributes: {},
    startNanos: 0n,
    timeNanos: 0n,
    flags: 0,
    value: null,
    count: 0,
    sum: null,
    min: null,
    max: null,
    bounds: [],
    bucketCounts: [],
    scale: 0,
    zeroCount: 0,
    zeroThreshold: 0,
    positive: { offset: 0, counts: [] },
    negative: { offset: 0, counts: [] },
    quantiles: [],
  };
}
