import "server-only";
import { BackPressureError, CoalescedInserts } from "../writer/batch-writer";
import type { MetricPointRow } from "./metric-rows";

// Metric points need no lookup before they are written (a resent point replaces itself in the
// ReplacingMergeTree), so requests share inserts directly: one in flight, the rest together in
// the next. A request is answered once its points are in.
const MAX_PENDING_POINTS = 500_000;

export class MetricWriter {
  private pending = 0;
  private readonly inserts = new CoalescedInserts<MetricPointRow>("metric_points");

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
