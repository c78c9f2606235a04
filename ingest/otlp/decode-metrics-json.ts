import { keyValues } from "./decode-json";
import {
  emptyPoint,
  type DecodedMetricPoint,
  type ExponentialBuckets,
  type MetricType,
  type Temporality,
} from "./metric-types";
import { DecodeError, type Attributes } from "./types";
import { parseOtlpJson } from "./well-formed";

// OTLP/JSON metrics: lowerCamelCase keys (snake_case tolerated), 64-bit integers as decimal
// strings or numbers, doubles as numbers or "NaN"/"Infinity" strings, enums as numbers or names.
// A value that is not a number reads as NaN, which the pipeline refuses point by point.

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const camelToSnake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const field = (o: JsonObject, camel: string): Json => (camel in o ? o[camel] : o[camelToSnake(camel)]);
const present = (o: JsonObject, camel: string) => camel in o || camelToSnake(camel) in o;
const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);
const text = (v: Json): string => (typeof v === "string" ? v : "");
const object = (v: Json): JsonObject => (isObject(v) ? v : {});

function toBigInt(v: Json): bigint {
  if (typeof v === "number" && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === "string" && /^-?\d{1,20}$/.test(v)) return BigInt(v);
  return 0n;
}

/** A double or an integer as JSON carries it; NaN for anything else. */
function toNumber(v: Json): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "") return Number(v);
  return NaN;
}

const optionalNumber = (o: JsonObject, camel: string): number | null =>
  present(o, camel) && field(o, camel) !== null ? toNumber(field(o, camel)) : null;
const numbers = (v: Json): number[] => list(v).map(toNumber);

const TEMPORALITY_NAMES: Record<string, Temporality> = {
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};
function temporalityOf(v: Json): Temporality {
  const n = typeof v === "string" ? (TEMPORALITY_NAMES[v] ?? Number(v)) : Number(v);
  return n === 1 || n === 2 ? n : 0;
}

const buckets = (v: Json): ExponentialBuckets => {
  const o = object(v);
  return { offset: Number(toNumber(o.offset ?? 0)) || 0, counts: numbers(field(o, "bucketCounts")) };
};

type Context = { resource: Attributes; scopeName: string; scopeVersion: string; name: string; unit: string };

function pointOf(
  ctx: Context,
  type: MetricType,
  temporality: Temporality,
  monotonic: boolean,
  p: JsonObject,
): DecodedMetricPoint {
  const point = emptyPoint({ ...ctx, type, temporality, monotonic });
  point.attributes = keyValues(p.attributes);
  point.startNanos = toBigInt(field(p, "startTimeUnixNano"));
  point.timeNanos = toBigInt(field(p, "timeUnixNano"));
  point.flags = Number(p.flags ?? 0) || 0;
  if (type === "gauge" || type === "sum") {
    point.value = present(p, "asDouble")
      ? toNumber(field(p, "asDouble"))
      : present(p, "asInt")
        ? toNumber(field(p, "asInt"))
        : null;
    return point;
  }
  point.count = toNumber(p.count ?? 0);
  point.sum = optionalNumber(p, "sum");
  point.min = optionalNumber(p, "min");
  point.max = optionalNumber(p, "max");
  if (type === "histogram") {
    point.bucketCounts = numbers(field(p, "bucketCounts"));
    point.bounds = numbers(field(p, "explicitBounds"));
  } else if (type === "exponential_histogram") {
    point.scale = Number(toNumber(p.scale ?? 0)) || 0;
    point.zeroCount = toNumber(field(p, "zeroCount") ?? 0);
    point.zeroThreshold = toNumber(field(p, "zeroThreshold") ?? 0);
    point.positive = buckets(p.positive);
    point.negative = buckets(p.negative);
  } else {
    point.sum ??= 0;
    point.quantiles = list(field(p, "quantileValues")).map((q) => ({
      quantile: toNumber(object(q).quantile ?? 0),
      value: toNumber(object(q).value ?? 0),
    }));
  }
  return point;
}

const DATA: Array<[MetricType, string]> = [
  ["gauge", "gauge"],
  ["sum", "sum"],
  ["histogram", "histogram"],
  ["exponential_histogram", "exponentialHistogram"],
  ["summary", "summary"],
];

function metricPoints(ctx: Context, m: JsonObject): DecodedMetricPoint[] {
  for (const [type, key] of DATA) {
    if (!present(m, key)) continue;
    const data = object(field(m, key));
    const temporality =
      type === "gauge" || type === "summary" ? 0 : temporalityOf(field(data, "aggregationTemporality"));
    const monotonic = type === "sum" && field(data, "isMonotonic") === true;
    return list(field(data, "dataPoints"))
      .filter(isObject)
      .map((p) => pointOf(ctx, type, temporality, monotonic, p));
  }
  return [];
}

export function decodeMetricsJson(body: string): DecodedMetricPoint[] {
  let parsed: Json;
  try {
    parsed = parseOtlpJson(body);
  } catch (error) {
    throw new DecodeError(`Malformed JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new DecodeError("Body must be a JSON object (ExportMetricsServiceRequest)");
  const resourceMetrics = field(parsed, "resourceMetrics");
  if (resourceMetrics !== undefined && !Array.isArray(resourceMetrics))
    throw new DecodeError("resourceMetrics must be an array");
  const points: DecodedMetricPoint[] = [];
  for (const rm of list(resourceMetrics)) {
    if (!isObject(rm)) throw new DecodeError("resourceMetrics entries must be objects");
    const resource = keyValues(object(rm.resource).attributes);
    for (const sm of list(field(rm, "scopeMetrics"))) {
      if (!isObject(sm)) throw new DecodeError("scopeMetrics entries must be objects");
      const scope = object(sm.scope);
      for (const m of list(sm.metrics)) {
        if (!isObject(m)) throw new DecodeError("metrics entries must be objects");
        const ctx = {
          resource,
          scopeName: text(scope.name),
          scopeVersion: text(scope.version),
          name: text(m.name),
          unit: text(m.unit),
        };
        for (const point of metricPoints(ctx, m)) points.push(point);
      }
    }
  }
  return points;
}
