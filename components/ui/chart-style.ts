// Shared by every chart: the series palette and how a time bucket reads on an axis.
export const CHART_COLORS = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#6b7280"];

export const bucketLabel = (bucket: string, interval: string) =>
  interval === "hour"
    ? bucket.slice(5, 13).replace("T", " ") + "h"
    : interval === "day"
      ? bucket.slice(5, 10)
      : bucket.slice(0, 7);
