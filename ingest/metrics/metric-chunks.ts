import type { MetricPointRow } from "./metric-rows";

// metric_points is partitioned by day, and the engine refuses an insert into more than 100
// partitions (max_partitions_per_insert_block): points of more days go in several inserts.
const MAX_DAYS_PER_INSERT = 90;

/** The rows in groups of at most MAX_DAYS_PER_INSERT days (one group when they fit). */
export function byDays(rows: MetricPointRow[]): MetricPointRow[][] {
  const days = new Map<string, MetricPointRow[]>();
  for (const row of rows) {
    const day = row.time.slice(0, 10);
    const list = days.get(day);
    if (list) list.push(row);
    else days.set(day, [row]);
  }
  if (days.size <= MAX_DAYS_PER_INSERT) return [rows];
  const chunks: MetricPointRow[][] = [];
  [...days.keys()].sort().forEach((day, i) => {
    if (i % MAX_DAYS_PER_INSERT === 0) chunks.push([]);
    chunks[chunks.length - 1]!.push(...days.get(day)!);
  });
  return chunks;
}
