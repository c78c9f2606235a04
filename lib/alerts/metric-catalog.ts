import { formatBaselineChange, formatMetricValue, type MetricUnit } from "@/lib/format/metric-value";

// The metrics an alert rule can watch, what each means, and which windows it can use.
// Rollup metrics read the hourly usage rollup, so their windows are whole hours.

export const ALERT_METRICS = [
  "error_rate",
  "latency_p99_ms",
  "cost_usd",
  "cost_change_wow",
  "quality_avg",
  "cache_hit_rate",
  "token_volume_change",
  "ingest_silence_minutes",
  "version_regression",
  "budget_used_pct",
  "budget_forecast_pct",
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];
export const BASELINES = ["week_ago", "median_4w"] as const;
export type Baseline = (typeof BASELINES)[number];
// user: the end user (issue 19: "any end user above $X this month"); the usage rollups carry it,
// root spans name it; scores do not, so quality_avg cannot split by it.
export const GROUP_DIMENSIONS = ["feature", "tenant", "model", "user"] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];
/** The column each group dimension reads, in the usage rollup and in spans. */
export const GROUP_COLUMN: Record<GroupDimension, string> = {
  feature: "feature",
  tenant: "tenant",
  model: "model",
  user: "user_id",
};
/** Metrics whose source has no end user. */
export const NOT_BY_USER: readonly string[] = ["quality_avg"];

type MetricSpec = {
  description: string;
  unit: MetricUnit;
  /** Allowed windows in minutes: [min, max], and the step a window must be a multiple of. */
  window: { min: number; max: number; step: number } | { fixed: number };
  groupable: boolean;
  filterable: boolean;
  /** Can be compared with a baseline of its own past (not already a change or a silence). */
  relative: boolean;
  /** What `minVolume` counts in the window. */
  volume: string | null;
};

const HOUR = 60;
const DAY = 24 * HOUR;

export const METRIC_SPECS: Record<AlertMetric, MetricSpec> = {
  error_rate: {
    description: "share of spans with status error (0..1), from the usage rollup",
    unit: "ratio",
    window: { min: HOUR, max: 7 * DAY, step: HOUR },
    groupable: true,
    filterable: true,
    relative: true,
    volume: "spans",
  },
  latency_p99_ms: {
    description: "99th percentile duration of root spans (of matching spans when a model or kind is given), ms",
    unit: "ms",
    window: { min: 5, max: DAY, step: 1 },
    groupable: true,
    filterable: true,
    relative: true,
    volume: "spans",
  },
  cost_usd: {
    description: "AI cost in the window, USD (priced usage)",
    unit: "USD",
    window: { min: HOUR, max: 31 * DAY, step: HOUR },
    groupable: true,
    filterable: true,
    relative: true,
    volume: null,
  },
  cost_change_wow: {
    description: "cost of the last 7 days against the 7 before, % change",
    unit: "%",
    window: { fixed: 7 * DAY },
    groupable: true,
    filterable: true,
    relative: false,
    volume: null,
  },
  quality_avg: {
    description: "average of one score name (scoreName) over the window",
    unit: "score",
    window: { min: 15, max: 30 * DAY, step: 1 },
    groupable: true,
    filterable: true,
    relative: true,
    volume: "scores",
  },
  cache_hit_rate: {
    description: "cached input tokens / input tokens (0..1)",
    unit: "ratio",
    window: { min: HOUR, max: 7 * DAY, step: HOUR },
    groupable: true,
    filterable: true,
    relative: true,
    volume: "spans",
  },
  token_volume_change: {
    description:
      "tokens per span against the previous window of the same length, % change (a token spike without more traffic)",
    unit: "%",
    window: { min: HOUR, max: 7 * DAY, step: HOUR },
    groupable: true,
    filterable: true,
    relative: false,
    volume: "spans",
  },
  ingest_silence_minutes: {
    description: "minutes since the newest span of the project",
    unit: "min",
    window: { min: 1, max: 30 * DAY, step: 1 },
    groupable: false,
    filterable: false,
    relative: false,
    volume: null,
  },
  version_regression: {
    description:
      "per feature, 1 when the candidate version is significantly worse than the baseline (error rate, latency or a score) over the window, else 0",
    unit: "score",
    window: { min: HOUR, max: 7 * DAY, step: 1 },
    groupable: false,
    filterable: false,
    relative: false,
    volume: "requests",
  },
  budget_used_pct: {
    description:
      "spend so far in each budget's period (day, ISO week or month; Finance → Budgets), % of it; one group per budget ({}, tenant, feature or user), a tenant or feature filter picks its budget; the window is not used",
    unit: "%",
    window: { min: 1, max: 31 * DAY, step: 1 },
    groupable: false,
    filterable: true,
    relative: false,
    volume: null,
  },
  budget_forecast_pct: {
    description:
      "each budget's spend forecast to its period's end (daily run rate × the weekday pattern of the last 4 weeks), % of it; the window is not used",
    unit: "%",
    window: { min: 1, max: 31 * DAY, step: 1 },
    groupable: false,
    filterable: true,
    relative: false,
    volume: null,
  },
};

export const BUDGET_METRICS: readonly AlertMetric[] = ["budget_used_pct", "budget_forecast_pct"];

/** A value or threshold of this metric in its unit ("5%", "1.25 s", "$12.00"); stored metric names are plain text. */
export const formatAlertValue = (metric: string, value: number | null | undefined): string =>
  formatMetricValue(metric in METRIC_SPECS ? METRIC_SPECS[metric as AlertMetric].unit : "score", value);

/** A rule's value or threshold: in the metric's unit, or as a change against its baseline. */
export const formatConditionValue = (
  rule: { metric: string; baseline?: string | null; changeUnit?: "percent" | "stddev" },
  value: number | null | undefined,
): string =>
  rule.baseline ? formatBaselineChange(value, rule.changeUnit ?? "percent") : formatAlertValue(rule.metric, value);

/** "15m", "2h", "7d" or a number of minutes → minutes; null when unreadable. */
export function parseWindow(value: string | number): number | null {
  if (typeof value === "number") return Number.isInteger(value) && value > 0 ? value : null;
  const match = /^(\d+)\s*(m|h|d)$/.exec(value.trim());
  if (!match) return null;
  const n = Number(match[1]);
  return n > 0 ? n * (match[2] === "m" ? 1 : match[2] === "h" ? HOUR : DAY) : null;
}

export function formatWindow(minutes: number): string {
  if (minutes % DAY === 0) return `${minutes / DAY}d`;
  if (minutes % HOUR === 0) return `${minutes / HOUR}h`;
  return `${minutes}m`;
}

/** Why this metric cannot use this window, or null when it can. */
export function windowProblem(metric: AlertMetric, minutes: number): string | null {
  const spec = METRIC_SPECS[metric].window;
  if ("fixed" in spec)
    return minutes === spec.fixed ? null : `${metric} compares fixed weeks: use ${formatWindow(spec.fixed)}`;
  if (minutes < spec.min || minutes > spec.max)
    return `${metric} needs a window from ${formatWindow(spec.min)} to ${formatWindow(spec.max)}`;
  if (minutes % spec.step !== 0) return `${metric} reads hourly rollups: the window must be whole hours`;
  return null;
}
