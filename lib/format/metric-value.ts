import { formatDuration, formatPercent, formatScore, formatUsd, MINUS } from "./number";

// Alert values and thresholds read in their metric's unit, so "0.05" on an error rate reads "5%".
export type MetricUnit = "ratio" | "ms" | "USD" | "%" | "score" | "min";

export function formatMetricValue(unit: MetricUnit, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "no data";
  switch (unit) {
    case "ratio":
      return formatPercent(value);
    case "%":
      return formatPercent(value / 100, { signed: value !== 0 });
    case "ms":
      return formatDuration(value);
    case "USD":
      return formatUsd(value);
    case "min":
      return `${formatScore(value)} min`;
    case "score":
      return formatScore(value);
  }
}

/** A change against a baseline: "−40%" of it, or "−2.5 σ" (standard deviations of the past weeks). */
export function formatBaselineChange(value: number | null | undefined, unit: "percent" | "stddev"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "no data";
  if (unit === "percent") return formatMetricValue("%", value);
  return `${value > 0 ? "+" : value < 0 ? MINUS : ""}${formatScore(Math.abs(value))} σ`;
}
