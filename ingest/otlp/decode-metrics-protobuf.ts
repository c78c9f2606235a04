import type Long from "long";
import { keyValues, longToBigInt } from "./decode-protobuf";
import { emptyPoint, type DecodedMetricPoint, type MetricType, type Temporality } from "./metric-types";
import { ExportMetricsServiceRequest } from "./metrics-schema";
import { DecodeError, type Attributes } from "./types";
import { asBuffer } from "./well-formed";

// protobufjs decodes into plain objects shaped like the descriptor; these types describe them.
type PbLong = Long | number;
type PbKeyValues = Parameters<typeof keyValues>[0];
type PbBase = { attributes?: PbKeyValues; startTimeUnixNano?: PbLong; timeUnixNano?: PbLong; flags?: number };
type PbNumber = PbBase & { asDouble?: number; asInt?: PbLong };
type PbHistogram = PbBase & {
  count?: PbLong;
  sum?: number;
  bucketCounts?: PbLong[];
  explicitBounds?: number[];
  min?: number;
  max?: number;
};
type PbBuckets = { offset?: number; bucketCounts?: PbLong[] };
type PbExponential = PbBase & {
  count?: PbLong;
  sum?: number;
  scale?: number;
  zeroCount?: PbLong;
  positive?: PbBuckets;
  negative?: PbBuckets;
  min?: number;
  max?: number;
  zeroThreshold?: number;
};
type PbSummary = PbBase & {
  count?: PbLong;
  sum?: number;
  quantileValues?: Array<{ quantile?: number; value?: number }>;
};
type PbMetric = {
  name?: string;
  unit?: string;
  gauge?: { dataPoints?: PbNumber[] };
  sum?: { dataPoints?: PbNumber[]; aggregationTemporality?: number; isMonotonic?: boolean };
  histogram?: { dataPoints?: PbHistogram[]; aggregationTemporality?: number };
  exponentialHistogram?: { dataPoints?: PbExponential[]; aggregationTemporality?: number };
  summary?: { dataPoints?: PbSummary[] };
};
type PbRequest = {
  resourceMetrics?: Array<{
    resource?: { attributes?: PbKeyValues };
    scopeMetrics?: Array<{ scope?: { name?: string; version?: string }; metrics?: PbMetric[] }>;
  }>;
};

// Optional fields (and oneof members) are own properties only when the message carried them.
const has = (value: object, field: string) => Object.hasOwn(value, field);
const optional = (value: object, field: string): number | null =>
  has(value, field) ? Number((value as Record<string, unknown>)[field]) : null;
/** Counts (fixed64, uint64): exact as a Number up to 2^53, far past any real count. */
const unsigned = (value: PbLong | undefined) => Number(longToBigInt(value));
const signed = (value: PbLong | undefined) =>
  value === undefined || value === null ? 0 : typeof value === "number" ? value : value.toNumber();
const temporalityOf = (value: number | undefined): Temporality => (value === 1 || value === 2 ? value : 0);

type Context = { resource: Attributes; scopeName: string; scopeVersion: string; name: string; unit: string };

function base(
  ctx: Context,
  type: MetricType,
  temporality: Temporality,
  monotonic: boolean,
  p: PbBase,
): DecodedMetricPoint {
  const point = emptyPoint({ ...ctx, type, temporality, monotonic });
  point.attributes = keyValues(p.attributes);
  point.startNanos = longToBigInt(p.startTimeUnixNano);
  point.timeNanos = longToBigInt(p.timeUnixNano);
  point.flags = p.flags ?? 0;
  return point;
}

function metricPoints(ctx: Context, m: PbMetric): DecodedMetricPoint[] {
  if (has(m, "gauge") || has(m, "sum")) {
    const isSum = has(m, "sum");
    const data = (isSum ? m.sum : m.gauge) ?? {};
    const temporality = isSum ? temporalityOf(m.sum?.aggregationTemporality) : 0;
    return (data.dataPoints ?? []).map((p) => {
      const point = base(ctx, isSum ? "sum" : "gauge", temporality, isSum && (m.sum?.isMonotonic ?? false), p);
      point.value = has(p, "asDouble") ? (p.asDouble ?? 0) : has(p, "asInt") ? signed(p.asInt) : null;
      return point;
    });
  }
  if (has(m, "histogram")) {
    return (m.histogram?.dataPoints ?? []).map((p) => {
      const point = base(ctx, "histogram", temporalityOf(m.histogram?.aggregationTemporality), false, p);
      Object.assign(point, {
        count: unsigned(p.count),
        sum: optional(p, "sum"),
        min: optional(p, "min"),
        max: optional(p, "max"),
      });
      point.bucketCounts = (p.bucketCounts ?? []).map(unsigned);
      point.bounds = [...(p.explicitBounds ?? [])];
      return point;
    });
  }
  if (has(m, "exponentialHistogram")) {
    return (m.exponentialHistogram?.dataPoints ?? []).map((p) => {
      const point = base(
        ctx,
        "exponential_histogram",
        temporalityOf(m.exponentialHistogram?.aggregationTemporality),
        false,
        p,
      );
      Object.assign(point, {
        count: unsigned(p.count),
        sum: optional(p, "sum"),
        min: optional(p, "min"),
        max: optional(p, "max"),
      });
      point.scale = p.scale ?? 0;
      point.zeroCount = unsigned(p.zeroCount);
      point.zeroThreshold = p.zeroThreshold ?? 0;
      point.positive = { offset: p.positive?.offset ?? 0, counts: (p.positive?.bucketCounts ?? []).map(unsigned) };
      point.negative = { offset: p.negative?.offset ?? 0, counts: (p.negative?.bucketCounts ?? []).map(unsigned) };
      return point;
    });
  }
  if (has(m, "summary")) {
    return (m.summary?.dataPoints ?? []).map((p) => {
      const point = base(ctx, "summary", 0, false, p);
      Object.assign(point, { count: unsigned(p.count), sum: p.sum ?? 0 });
      point.quantiles = (p.quantileValues ?? []).map((q) => ({ quantile: q.quantile ?? 0, value: q.value ?? 0 }));
      return point;
    });
  }
  return []; // a metric with no data carries no points
}

/** Decodes an `ExportMetricsServiceRequest`; any malformed byte string raises `DecodeError`. */
export function decodeMetricsProtobuf(body: Uint8Array): DecodedMetricPoint[] {
  let message: PbRequest;
  try {
    message = ExportMetricsServiceRequest.decode(asBuffer(body)) as unknown as PbRequest;
  } catch (error) {
    throw new DecodeError(`Malformed protobuf: ${(error as Error).message}`);
  }
  const points: DecodedMetricPoint[] = [];
  for (const rm of message.resourceMetrics ?? []) {
    const resource = keyValues(rm.resource?.attributes);
    for (const sm of rm.scopeMetrics ?? []) {
      const scope = { scopeName: sm.scope?.name ?? "", scopeVersion: sm.scope?.version ?? "" };
      for (const m of sm.metrics ?? []) {
        for (const point of metricPoints({ resource, ...scope, name: m.name ?? "", unit: m.unit ?? "" }, m))
          points.push(point);
      }
    }
  }
  return points;
}
