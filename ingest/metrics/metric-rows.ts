import { nanosToClickHouseTime } from "@/lib/domain/span/span-time";
import type { DecodedMetricPoint } from "../otlp/metric-types";
import type { AttributeValue, Attributes } from "../otlp/types";
import { ingestWindow, timeProblem, type TimeWindow } from "../normalize/bounds";
import { rejectionMessage } from "../normalize/normalize-all";
import { seriesIdentity } from "./series-identity";

/** A row of `metric_points` (migration 0011). */
export type MetricPointRow = {
  project_id: string;
  metric_name: string;
  series_id: string;
  time: string;
  start_time: string;
  unit: string;
  type: string;
  temporality: string;
  monotonic: number;
  service: string;
  host: string;
  pod: string;
  namespace: string;
  gpu_index: string;
  gpu_uuid: string;
  gpu_model: string;
  model: string;
  scope_name: string;
  resource_attributes: Record<string, string>;
  attributes: Record<string, string>;
  value: number;
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  bounds: number[];
  bucket_counts: number[];
  scale: number;
  zero_count: number;
  positive_offset: number;
  positive_counts: number[];
  negative_offset: number;
  negative_counts: number[];
  quantiles: number[];
  quantile_values: number[];
  retention_days: number;
};

const TEMPORALITY = ["", "delta", "cumulative"] as const;
const NO_RECORDED_VALUE = 1;

const finite = (values: Array<number | null>) => values.every((v) => v === null || Number.isFinite(v));
const counts = (values: number[]) => values.every((v) => Number.isSafeInteger(v) && v >= 0);
const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
const text = (value: AttributeValue): string => (typeof value === "string" ? value : JSON.stringify(value));
const stringMap = (attributes: Attributes) =>
  Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, text(v)]));

/** Why a point cannot be stored, or null when it is sound. */
export function pointProblem(p: DecodedMetricPoint, window: TimeWindow = ingestWindow()): string | null {
  if (!p.name) return "metric name is empty";
  const where = `${p.name}: `;
  if (p.timeNanos <= 0n) return `${where}timeUnixNano is missing`;
  // A time far off is mostly a unit mistake (ms or µs sent as ns). The start only needs to precede it.
  const outside = timeProblem("timeUnixNano", p.timeNanos, window);
  if (outside) return `${where}${outside}`;
  if (p.startNanos > p.timeNanos) return `${where}startTimeUnixNano is after timeUnixNano`;
  if (p.type === "gauge" || p.type === "sum") {
    if (p.value === null) return `${where}the point has neither asDouble nor asInt`;
    return Number.isFinite(p.value) ? null : `${where}value is not finite`;
  }
  if (!finite([p.sum, p.min, p.max])) return `${where}sum, min or max is not finite`;
  if (!counts([p.count])) return `${where}count is not a non-negative integer`;
  if (p.type === "histogram") {
    if (!finite(p.bounds)) return `${where}explicitBounds must be finite`;
    if (p.bounds.some((b, i) => i > 0 && b <= p.bounds[i - 1]!)) return `${where}explicitBounds must increase`;
    if (p.bucketCounts.length === 0 && p.bounds.length === 0) return null; // count and sum only, as the spec allows
    if (p.bucketCounts.length !== p.bounds.length + 1)
      return `${where}bucketCounts must have one more entry than explicitBounds`;
    if (!counts(p.bucketCounts)) return `${where}bucketCounts must be non-negative integers`;
    return total(p.bucketCounts) === p.count ? null : `${where}bucketCounts do not add up to count`;
  }
  if (p.type === "exponential_histogram") {
    if (!Number.isInteger(p.scale) || p.scale < -10 || p.scale > 20)
      return `${where}scale must be an integer from -10 to 20`;
    if (!counts(p.positive.counts) || !counts(p.negative.counts) || !counts([p.zeroCount]))
      return `${where}bucket counts must be non-negative integers`;
    if (![p.positive.offset, p.negative.offset].every((o) => Number.isInteger(o) && Math.abs(o) < 2 ** 31))
      return `${where}bucket offsets must be 32-bit integers`;
    const sum = total(p.positive.counts) + total(p.negative.counts) + p.zeroCount;
    return sum === p.count ? null : `${where}zeroCount and bucket counts do not add up to count`;
  }
  if (p.quantiles.some((q) => !Number.isFinite(q.value) || !(q.quantile >= 0 && q.quantile <= 1)))
    return `${where}quantile values must be finite, quantiles within 0..1`;
  return null;
}

function toRow(projectId: string, p: DecodedMetricPoint, retentionDays: number): MetricPointRow {
  const id = seriesIdentity(p);
  return {
    project_id: projectId,
    metric_name: p.name,
    series_id: id.seriesId,
    time: nanosToClickHouseTime(p.timeNanos),
    start_time: nanosToClickHouseTime(p.startNanos),
    unit: p.unit,
    type: p.type,
    temporality: TEMPORALITY[p.temporality],
    monotonic: p.monotonic ? 1 : 0,
    service: id.service,
    host: id.host,
    pod: id.pod,
    namespace: id.namespace,
    gpu_index: id.gpuIndex,
    gpu_uuid: id.gpuUuid,
    gpu_model: id.gpuModel,
    model: id.model,
    scope_name: p.scopeName,
    resource_attributes: stringMap(p.resource),
    attributes: stringMap(p.attributes),
    value: p.value ?? 0,
    count: p.count,
    sum: p.sum ?? 0,
    min: p.min,
    max: p.max,
    bounds: p.bounds,
    bucket_counts: p.bucketCounts,
    scale: p.scale,
    zero_count: p.zeroCount,
    positive_offset: p.positive.offset,
    positive_counts: p.positive.counts,
    negative_offset: p.negative.offset,
    negative_counts: p.negative.counts,
    quantiles: p.quantiles.map((q) => q.quantile),
    quantile_values: p.quantiles.map((q) => q.value),
    retention_days: retentionDays,
  };
}

/**
 * Rows for the sound points; the others are counted with the first few reasons. A point flagged
 * "no recorded value" (a Prometheus staleness marker) is neither stored nor refused.
 */
export function metricRows(
  projectId: string,
  points: DecodedMetricPoint[],
  retentionDays: number,
  window = ingestWindow(),
) {
  const rows: MetricPointRow[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  for (const point of points) {
    if (point.flags & NO_RECORDED_VALUE) continue;
    const problem = pointProblem(point, window);
    if (problem === null) {
      rows.push(toRow(projectId, point, retentionDays));
    } else {
      rejected += 1;
      if (reasons.length < 5) reasons.push(problem);
    }
  }
  return { rows, rejected, message: rejectionMessage("data point", rejected, reasons) };
}
