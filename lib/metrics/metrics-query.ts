import { z } from "zod";
import { ServiceError } from "@/lib/api/errors";

// The query string of the metrics reads: a period and a bucket width.

export const METRIC_INTERVALS = { "1m": 60, "5m": 300, "15m": 900, "1h": 3600, "6h": 21_600, "1d": 86_400 } as const;
export type MetricInterval = keyof typeof METRIC_INTERVALS;
const INTERVAL_NAMES = Object.keys(METRIC_INTERVALS) as [MetricInterval, ...MetricInterval[]];
const MAX_BUCKETS = 1500;
const AUTO_BUCKETS = 240;
const MAX_RANGE_DAYS = 93;

const isoDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
export const metricsQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  interval: z.enum(INTERVAL_NAMES).optional(),
});
export type MetricsQuery = z.infer<typeof metricsQuery>;

export type MetricsPeriod = { from: Date; to: Date; interval: MetricInterval; bucketSeconds: number };

/** The period asked for (default: the last 24 hours) with a bucket width that gives at most a few hundred buckets. */
export function metricsPeriod(query: MetricsQuery, now = new Date()): MetricsPeriod {
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - 86_400_000);
  if (from >= to) throw new ServiceError("bad_request", "from: must be before to", "from");
  const seconds = (to.getTime() - from.getTime()) / 1000;
  if (seconds > MAX_RANGE_DAYS * 86_400)
    throw new ServiceError("bad_request", `from: the period may span at most ${MAX_RANGE_DAYS} days`, "from");
  const interval =
    query.interval ?? INTERVAL_NAMES.find((name) => seconds / METRIC_INTERVALS[name] <= AUTO_BUCKETS) ?? "1d";
  const bucketSeconds = METRIC_INTERVALS[interval];
  if (seconds / bucketSeconds > MAX_BUCKETS)
    throw new ServiceError(
      "bad_request",
      `interval: ${interval} gives more than ${MAX_BUCKETS} buckets for this period`,
      "interval",
    );
  return { from, to, interval, bucketSeconds };
}

/** The Serving page's period (`?range=`), ending now; a malformed value falls back to the last 24 hours. */
export const SERVING_RANGES = { "1h": 1, "6h": 6, "24h": 24, "7d": 168 } as const;
export type ServingRange = keyof typeof SERVING_RANGES;
export const servingRange = (value: unknown): ServingRange =>
  typeof value === "string" && value in SERVING_RANGES ? (value as ServingRange) : "24h";
export const servingQuery = (range: ServingRange, now = new Date()): MetricsQuery => ({
  from: new Date(now.getTime() - SERVING_RANGES[range] * 3_600_000),
  to: now,
});
