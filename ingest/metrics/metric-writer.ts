import "server-only";
import { BackPressureError, CoalescedInserts } from "../writer/batch-writer";
import type { MetricPointRow } from "./metric-rows";

// Metric points need no lookup before they are written (a resent point replaces itself in the
// ReplacingMergeTree), so requests share inserts directly: one in flight, the rest together in
// the next. A request is answered once its points are in.
const MAX_PENDING_POINTS = 500_000;
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

export class MetricWriter {
  private pending = 0;
  private readonly inserts = new CoalescedInserts<MetricPointRow>("metric_points", byDays);

  async write(rows: MetricPointRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.pending + rows.length > MAX_PENDING_POINTS) throw new BackPressureError(Math.max(1, Math.ceil(this.pending / 100_000)));
    this.pending += rows.length;
    try {
      await this.inserts.insert(rows);
    } finally {
      this.pending -= rows.length;
    }
  }
}

const holder = globalThis as unknown as { __metricWriter?: MetricWriter };
export function metricWriter(): MetricWriter {
  holder.__metricWriter ??= new MetricWriter();
  return holder.__metricWriter;
}
