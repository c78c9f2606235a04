import { formatDuration, formatPercent, formatScore, formatUsd } from "./number";

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
