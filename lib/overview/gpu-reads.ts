import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { join, num, sql, str, strs, time, type Sql } from "@/lib/clickhouse/sql";
import { tables } from "@/lib/clickhouse/tables";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { GPU_METRICS } from "@/lib/metrics/metric-names";
import type { Interval, Window } from "./read-windows";

// The Overview's GPU utilization over the chart: the mean of every GPU's utilization samples per
// bucket (hw.gpu.utilization and DCGM alike, as the Serving page reads them), as a fraction. GPU
// time from spans comes with the usage read (GPU-hours); a project without GPU gauges costs one
// key-range lookup here (metric_points is keyed by project and metric name).

const BUCKET: Record<Interval, Sql> = { hour: sql`toStartOfHour(time)`, day: sql`toStartOfDay(time)` };
const GAUGES = GPU_METRICS.utilization;

/** Utilization (0..1) by bucket (ISO); buckets without samples are absent. */
export async function gpuUtilization(ctx: ProjectContext, w: Window, interval: Interval): Promise<Map<string, number>> {
  requirePermission(ctx, "project.read");
  const percentSum = join(
    GAUGES.map((g) => sql`sumIf(value * ${num(g.factor)}, metric_name = ${str(g.name)})`),
    " + ",
  );
  const rows = await queryRows<{ bucket: string; pct_sum: number; n: number }>({
    projectId: ctx.projectId,
    tag: "overview.gpu",
    query: sql`
      SELECT toString(toDateTime(${BUCKET[interval]}, 'UTC')) AS bucket, ${percentSum} AS pct_sum, count() AS n
      FROM ${tables.metric_points} FINAL
      WHERE ${tables.metric_points.scope} AND metric_name IN ${strs(GAUGES.map((g) => g.name))}
        AND time >= ${time(w.from)} AND time < ${time(w.to)}
        -- hw.gpu.utilization may be split by task (decoder, encoder); the GPU's own is "general"
        AND attributes['hw.gpu.task'] IN ('', 'general')
      GROUP BY bucket`,
  });
  return new Map(
    rows
      .filter((r) => Number(r.n) > 0)
      .map((r) => [fromClickHouseTime(r.bucket).toISOString(), Number(r.pct_sum) / Number(r.n) / 100]),
  );
}
