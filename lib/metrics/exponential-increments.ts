import "server-only";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { num, sql, strs, time } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { combine, toBucketHistogram, toSparse, type SparseExponential } from "./exponential-histogram";
import type { BucketHistogram } from "./histogram-quantile";
import type { MetricsPeriod } from "./metrics-query";

// The increments of exponential histograms, by the same rules as incrementsSql() (baseline,
// resets, delta points), computed here: successive points of a series may differ in scale and
// offset, which is easy to align in code and awkward in SQL. Exponential histograms are rare
// next to explicit ones, so reading their points is affordable.

export type HistogramIncrement = {
  metricName: string;
  model: string;
  unit: string;
  tokenType: string;
  bucket: string;
  histogram: BucketHistogram;
  sum: number;
};

type Row = {
  metric_name: string;
  series_id: string;
  start_time: string;
  temporality: string;
  model: string;
  unit: string;
  token_type: string;
  bucket: string;
  count: number;
  sum: number;
  scale: number;
  zero_count: number;
  positive_offset: number;
  positive_counts: number[];
};

const sparseOf = (r: Row): SparseExponential =>
  toSparse({ scale: r.scale, zeroCount: r.zero_count, offset: r.positive_offset, counts: r.positive_counts });

export async function exponentialIncrements(
  projectId: string,
  names: string[],
  period: MetricsPeriod,
): Promise<HistogramIncrement[]> {
  const rows = await queryRows<Row>({
    projectId,
    tag: "metrics.exponential_points",
    query: sql`
      SELECT metric_name, series_id, toString(start_time) AS start_time, temporality, model, unit, attributes['gen_ai.token.type'] AS token_type,
             toString(toDateTime(toStartOfInterval(time, toIntervalSecond(${num(period.bucketSeconds)})), 'UTC')) AS bucket,
             count, sum, scale, zero_count, positive_offset, positive_counts
      FROM ${tables.metric_points} FINAL
      WHERE ${tables.metric_points.scope} AND metric_name IN ${strs(names)} AND type = 'exponential_histogram'
        AND time >= ${time(period.from)} AND time < ${time(period.to)}
      ORDER BY metric_name, series_id, time`,
  });
  const out: HistogramIncrement[] = [];
  let previous: Row | null = null;
  for (const row of rows) {
    const sameSeries =
      previous !== null && previous.series_id === row.series_id && previous.metric_name === row.metric_name;
    const startedInside =
      fromClickHouseTime(row.start_time) >= period.from && fromClickHouseTime(row.start_time).getTime() > 0;
    const reset = sameSeries && (previous!.start_time !== row.start_time || row.count < previous!.count);
    const full = row.temporality === "delta" || (!sameSeries && startedInside) || reset;
    if (full || sameSeries) {
      const increment = full ? sparseOf(row) : combine(sparseOf(row), sparseOf(previous!), -1);
      const sum = full ? row.sum : row.sum - previous!.sum;
      out.push({
        metricName: row.metric_name,
        model: row.model,
        unit: row.unit,
        tokenType: row.token_type,
        bucket: fromClickHouseTime(row.bucket).toISOString(),
        histogram: toBucketHistogram(increment),
        sum,
      });
    }
    previous = row;
  }
  return out;
}
