// Shared by every chart: the series palette (the theme's --chart-N tokens, so dark mode gets its
// own), the axis and grid colours, and how a time bucket reads on an axis.
export const CHART_COLORS = [1, 2, 3, 4, 5, 6, 7].map((n) => `var(--chart-${n})`);

/** Semantic series colours: money in, money out, errors, a threshold. */
export const CHART = {
  primary: "var(--chart-1)",
  good: "var(--chart-2)",
  bad: "var(--chart-5)",
  warn: "var(--chart-3)",
  threshold: "var(--destructive)",
  grid: "var(--chart-grid)",
  axis: "var(--chart-axis)",
} as const;

/** Props for recharts' axes and tooltip so that they read in both themes. */
export const axisProps = { stroke: CHART.axis, tick: { fill: CHART.axis, fontSize: 12 } } as const;
export const gridProps = { stroke: CHART.grid, strokeDasharray: "3 3" } as const;
export const tooltipProps = {
  contentStyle: {
    background: "var(--popover)",
    border: "1px solid var(--border)",
    borderRadius: 6,
    color: "var(--popover-foreground)",
    fontSize: 12,
  },
  labelStyle: { color: "var(--popover-foreground)" },
} as const;

export const bucketLabel = (bucket: string, interval: string) =>
  interval === "hour"
    ? bucket.slice(5, 13).replace("T", " ") + "h"
    : interval === "day"
      ? bucket.slice(5, 10)
      : bucket.slice(0, 7);
