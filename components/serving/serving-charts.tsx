"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, CHART_COLORS, gridProps, tooltipProps } from "@/components/ui/chart-style";
import type { GpuSeries } from "@/lib/metrics/read-gpu-metrics";
import type { ServingPoint } from "@/lib/metrics/read-serving-metrics";
import { formatDuration, formatScore } from "@/lib/format/number";

const GIB = 1024 ** 3;
/** Buckets of a minute to six hours read as "MM-DD HH:MM"; daily buckets as "MM-DD". */
const tick = (bucket: string, interval: string) =>
  interval === "1d" ? bucket.slice(5, 10) : bucket.slice(5, 16).replace("T", " ");

/** One row per bucket, one column per GPU, for one measure. */
function byBucket(gpus: GpuSeries[], value: (p: GpuSeries["points"][number]) => number | null) {
  const rows = new Map<string, Record<string, string | number | null>>();
  for (const gpu of gpus) {
    for (const p of gpu.points) {
      const row = rows.get(p.bucket) ?? { bucket: p.bucket };
      row[gpu.id] = value(p);
      rows.set(p.bucket, row);
    }
  }
  return [...rows.values()].sort((a, b) => String(a.bucket).localeCompare(String(b.bucket)));
}

function GpuLines({
  label,
  gpus,
  interval,
  value,
  unit,
  domain,
}: {
  label: string;
  gpus: GpuSeries[];
  interval: string;
  value: (p: GpuSeries["points"][number]) => number | null;
  unit: string;
  domain?: [number, number];
}) {
  return (
    <div className="w-full h-[240px]" role="img" aria-label={label}>
      <ResponsiveContainer>
        <LineChart data={byBucket(gpus, value)}>
          <CartesianGrid {...gridProps} />
          <XAxis {...axisProps} dataKey="bucket" tickFormatter={(b: string) => tick(b, interval)} minTickGap={24} />
          <YAxis {...axisProps} width={50} domain={domain} tickFormatter={(v: number) => `${formatScore(v)}${unit}`} />
          <Tooltip
            {...tooltipProps}
            formatter={(v) => `${formatScore(Number(v))}${unit}`}
            labelFormatter={(b) => tick(String(b), interval)}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {gpus.map((gpu, i) => (
            <Line
              key={gpu.id}
              type="monotone"
              dataKey={gpu.id}
              name={gpu.id}
              connectNulls
              stroke={CHART_COLORS[i % CHART_COLORS.length]}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function GpuUtilizationChart({ gpus, interval }: { gpus: GpuSeries[]; interval: string }) {
  return (
    <GpuLines
      label="GPU utilization over time"
      gpus={gpus}
      interval={interval}
      value={(p) => p.utilizationPct}
      unit="%"
      domain={[0, 100]}
    />
  );
}

export function GpuMemoryChart({ gpus, interval }: { gpus: GpuSeries[]; interval: string }) {
  return (
    <GpuLines
      label="GPU memory used over time"
      gpus={gpus}
      interval={interval}
      value={(p) => (p.memoryUsedBytes === null ? null : p.memoryUsedBytes / GIB)}
      unit=" GiB"
    />
  );
}

const LATENCY_LINES = [
  { key: "ttftP95Ms", name: "TTFT p95" },
  { key: "tpotP95Ms", name: "TPOT p95" },
  { key: "requestDurationP95Ms", name: "request p95" },
  { key: "operationDurationP95Ms", name: "client operation p95" },
] as const;

/** p95 of each latency figure per bucket (ms). */
export function LatencyChart({ series, interval }: { series: ServingPoint[]; interval: string }) {
  const present = LATENCY_LINES.filter((l) => series.some((p) => typeof p[l.key] === "number"));
  return (
    <div className="w-full h-[220px]" role="img" aria-label="Serving latency over time">
      <ResponsiveContainer>
        <LineChart data={series}>
          <CartesianGrid {...gridProps} />
          <XAxis {...axisProps} dataKey="bucket" tickFormatter={(b: string) => tick(b, interval)} minTickGap={24} />
          <YAxis {...axisProps} width={60} tickFormatter={(v: number) => `${Math.round(v)} ms`} />
          <Tooltip
            {...tooltipProps}
            formatter={(v) => formatDuration(Number(v))}
            labelFormatter={(b) => tick(String(b), interval)}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {present.map((l, i) => (
            <Line
              key={l.key}
              type="monotone"
              dataKey={l.key}
              name={l.name}
              connectNulls
              stroke={CHART_COLORS[i % CHART_COLORS.length]}
              dot
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
