import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { ident, join, num, sql, str, strs, time, type Sql } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { GPU_METRIC_NAMES, GPU_METRICS } from "./metric-names";
import { metricsPeriod, type MetricsQuery } from "./metrics-query";

// GET /api/v1/metrics/gpu: utilization (%) and memory used / total (bytes) per GPU over time,
// averaged per bucket, from the OTel hw.gpu.* gauges and the DCGM exporter's alike. A GPU is
// its host and UUID (or index when no UUID is known); a series that names only the index is
// matched to the UUID another series gives for the same host and index.

export type GpuPoint = {
  bucket: string;
  utilizationPct: number | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
};
export type GpuSeries = {
  id: string;
  host: string;
  gpuIndex: string;
  gpuUuid: string;
  model: string;
  pod: string;
  namespace: string;
  points: GpuPoint[];
  latest: GpuPoint | null;
};

const MEASURES = {
  utilization: GPU_METRICS.utilization,
  used: GPU_METRICS.memoryUsed,
  limit: GPU_METRICS.memoryLimit,
  free: GPU_METRICS.memoryFree,
} as const;
type Measure = keyof typeof MEASURES;
const MEASURE_NAMES = Object.keys(MEASURES) as Measure[];
const MEASURE_ALIASES = MEASURE_NAMES.flatMap((m) => [`${m}_sum`, `${m}_n`]);

type Row = {
  bucket: string;
  host: string;
  gpu_index: string;
  gpu_uuid: string;
  model: string;
  pod: string;
  namespace: string;
} & Record<`${Measure}_sum` | `${Measure}_n`, number>;

/** Sum (each gauge scaled by its factor) and count of the named gauges: rows of one GPU are averaged together afterwards. */
function sumAndCount(measure: Measure): Sql {
  const list = MEASURES[measure];
  const n = join(
    list.map((m) => sql`countIf(metric_name = ${str(m.name)})`),
    " + ",
  );
  const total = join(
    list.map((m) => sql`sumIf(value * ${num(m.factor)}, metric_name = ${str(m.name)})`),
    " + ",
  );
  return sql`${total} AS ${ident(`${measure}_sum`, MEASURE_ALIASES)}, ${n} AS ${ident(`${measure}_n`, MEASURE_ALIASES)}`;
}

type Accumulated = { bucket: string } & Record<Measure, { sum: number; n: number }>;
const average = (a: { sum: number; n: number }) => (a.n > 0 ? a.sum / a.n : null);

export async function readGpuMetrics({ ctx, query, now }: { ctx: ProjectContext; query: MetricsQuery; now?: Date }) {
  requirePermission(ctx, "project.read");
  const period = metricsPeriod(query, now);
  const rows = await queryRows<Row>({
    projectId: ctx.projectId,
    tag: "metrics.gpu",
    query: sql`
      SELECT toString(toDateTime(toStartOfInterval(time, toIntervalSecond(${num(period.bucketSeconds)})), 'UTC')) AS bucket,
             toString(host) AS host, toString(gpu_index) AS gpu_index, toString(gpu_uuid) AS gpu_uuid,
             toString(anyIf(gpu_model, gpu_model != '')) AS model, anyIf(pod, pod != '') AS pod, toString(anyIf(namespace, namespace != '')) AS namespace,
             ${join(MEASURE_NAMES.map(sumAndCount), ", ")}
      FROM ${tables.metric_points} FINAL
      WHERE ${tables.metric_points.scope} AND metric_name IN ${strs(GPU_METRIC_NAMES)}
        AND time >= ${time(period.from)} AND time < ${time(period.to)}
        -- hw.gpu.utilization may be split by task (decoder, encoder); the GPU's own is "general"
        AND attributes['hw.gpu.task'] IN ('', 'general')
      GROUP BY bucket, host, gpu_index, gpu_uuid
      ORDER BY host, gpu_uuid, gpu_index, bucket
      LIMIT 100000`,
  });

  // host + index → UUID, from series that carry both.
  const uuidOf = new Map<string, string>();
  for (const r of rows) if (r.gpu_uuid && r.gpu_index) uuidOf.set(`${r.host}\u0000${r.gpu_index}`, r.gpu_uuid);
  const gpus = new Map<string, GpuSeries & { byBucket: Map<string, Accumulated> }>();
  for (const r of rows) {
    const uuid = r.gpu_uuid || uuidOf.get(`${r.host}\u0000${r.gpu_index}`) || "";
    const id = `${r.host || "unknown host"}/${uuid || r.gpu_index || "gpu"}`;
    const gpu = gpus.get(id) ?? {
      id,
      host: r.host,
      gpuIndex: r.gpu_index,
      gpuUuid: uuid,
      model: r.model,
      pod: r.pod,
      namespace: r.namespace,
      points: [],
      latest: null,
      byBucket: new Map(),
    };
    gpu.gpuIndex ||= r.gpu_index;
    gpu.model ||= r.model;
    gpu.pod ||= r.pod;
    gpu.namespace ||= r.namespace;
    const bucket = fromClickHouseTime(r.bucket).toISOString();
    const point =
      gpu.byBucket.get(bucket) ??
      ({ bucket, ...Object.fromEntries(MEASURE_NAMES.map((m) => [m, { sum: 0, n: 0 }])) } as Accumulated);
    for (const m of MEASURE_NAMES) {
      point[m].sum += Number(r[`${m}_sum`]);
      point[m].n += Number(r[`${m}_n`]);
    }
    gpu.byBucket.set(bucket, point);
    gpus.set(id, gpu);
  }
  const series: GpuSeries[] = [...gpus.values()].map(({ byBucket, ...gpu }) => {
    const points = [...byBucket.values()]
      .sort((a, b) => a.bucket.localeCompare(b.bucket))
      .map((p): GpuPoint => {
        const used = average(p.used);
        const free = average(p.free);
        return {
          bucket: p.bucket,
          utilizationPct: average(p.utilization),
          memoryUsedBytes: used,
          memoryTotalBytes: average(p.limit) ?? (used !== null && free !== null ? used + free : null),
        };
      });
    return { ...gpu, points, latest: points[points.length - 1] ?? null };
  });
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    interval: period.interval,
    gpus: series.sort((a, b) => a.id.localeCompare(b.id)),
  };
}
