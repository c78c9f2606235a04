import { tables } from "@/lib/clickhouse/tables";
import { num, sql, strs, time, type Sql } from "@/lib/clickhouse/sql";
import type { MetricsPeriod } from "./metrics-query";

/**
 * What each stored point adds within a period, for sums and explicit-bucket histograms.
 * Cumulative points (the Prometheus-style common case) carry totals since their start time, so
 * a point adds its difference from the series' previous point. The series' first point in the
 * period is its baseline and adds nothing, unless the series started inside the period (then
 * all of it happened there). A reset (a new start time, a count or monotonic value that went
 * down, other bucket bounds) adds the point whole, as a counter restarted from zero does.
 * Delta points add themselves. Columns: metric_name, model, unit, bounds, attributes, bucket
 * and the increments inc_counts (per bucket), inc_count, inc_sum, inc_value.
 */
export function incrementsSql({
  names,
  types,
  period,
}: {
  names: string[];
  types: string[];
  period: MetricsPeriod;
}): Sql {
  const from = time(period.from);
  return sql`
    SELECT metric_name, model, unit, bounds, attributes,
           toDateTime(toStartOfInterval(time, toIntervalSecond(${num(period.bucketSeconds)})), 'UTC') AS bucket,
           multiIf(temporality = 'delta', 'full',
                   rn = 1, if(start_time >= ${from} AND start_time > toDateTime64(0, 6, 'UTC'), 'full', 'baseline'),
                   start_time != prev_start OR count < prev_count OR (monotonic = 1 AND value < prev_value) OR bounds != prev_bounds, 'full',
                   'diff') AS mode,
           arrayMap((a, b) -> toInt64(a) - toInt64(b), bucket_counts,
                    multiIf(mode = 'full', arrayResize(CAST([], 'Array(UInt64)'), length(bucket_counts)),
                            mode = 'baseline', bucket_counts,
                            arrayResize(prev_counts, length(bucket_counts)))) AS inc_counts,
           multiIf(mode = 'full', toInt64(count), mode = 'baseline', toInt64(0), toInt64(count) - toInt64(prev_count)) AS inc_count,
           multiIf(mode = 'full', sum, mode = 'baseline', 0, sum - prev_sum) AS inc_sum,
           multiIf(mode = 'full', value, mode = 'baseline', 0, value - prev_value) AS inc_value
    FROM (
      SELECT *,
             row_number() OVER w AS rn,
             lagInFrame(start_time) OVER w AS prev_start, lagInFrame(count) OVER w AS prev_count,
             lagInFrame(sum) OVER w AS prev_sum, lagInFrame(value) OVER w AS prev_value,
             lagInFrame(bucket_counts) OVER w AS prev_counts, lagInFrame(bounds) OVER w AS prev_bounds
      FROM (
        SELECT metric_name, series_id, time, start_time, temporality, monotonic, model, unit, attributes, value, count, sum, bounds, bucket_counts
        FROM ${tables.metric_points} FINAL
        WHERE ${tables.metric_points.scope} AND metric_name IN ${strs(names)} AND type IN ${strs(types)}
          AND time >= ${from} AND time < ${time(period.to)}
      )
      WINDOW w AS (PARTITION BY metric_name, series_id ORDER BY time ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
    )`;
}
