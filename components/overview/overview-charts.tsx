"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisProps, bucketLabel, CHART, CHART_COLORS, gridProps, tooltipProps } from "@/components/ui/chart-style";
import {
  formatDuration,
  formatPercent,
  formatScore,
  formatTokens,
  formatUsd,
  formatUsdCompact,
} from "@/lib/format/number";

type Point = Record<string, number | string | null>;
type Format = (v: number) => string;
type Axis = { id: string; format: Format; right?: boolean; domain?: [number, number]; width?: number };
type Series = {
  kind: "bar" | "line";
  key: string;
  name: string;
  axis: string;
  color: string;
  stack?: string;
  format: Format;
};
/** One chart: its axes (each in its own unit) and the series drawn against them. */
type ChartSpec = { label: string; axes: Axis[]; series: Series[] };

// A point per bucket: a period with one busy hour still shows its value on a line.
const POINT = { r: 2 };
const count: Format = (v) => String(v);
const percent: Format = (v) => formatPercent(v);
const percentTick: Format = (v) => formatPercent(v, { digits: 0 });
const usd: Format = (v) => formatUsd(v);
const C = CHART_COLORS;

const hours: Format = (v) => `${formatScore(v)} h`;

/** GPU time from spans (GPU-hours) and utilization from GPU gauges, drawn where either exists. */
const GPU_SPEC: ChartSpec = {
  label: "GPU time and utilization",
  axes: [
    { id: "hours", format: hours, width: 60 },
    { id: "util", format: percentTick, right: true, domain: [0, 1], width: 50 },
  ],
  series: [
    { kind: "bar", key: "gpuHours", name: "GPU-hours (left)", axis: "hours", color: C[1]!, format: hours },
    { kind: "line", key: "gpuUtilization", name: "utilization (right)", axis: "util", color: C[4]!, format: percent },
  ],
};
const hasGpu = (points: Point[]) =>
  points.some((p) => Number(p.gpuHours ?? 0) > 0 || (p.gpuUtilization !== null && p.gpuUtilization !== undefined));

/** Tier 1 and 2 of the seeds' three tiers over time, each chart in its own unit; tier 3 is the scores' trend. */
function chartSpecs(scores: string[], gpu: boolean): ChartSpec[] {
  const specs: ChartSpec[] = [
    {
      label: "Requests and errors",
      axes: [
        { id: "n", format: count, width: 50 },
        { id: "rate", format: percentTick, right: true, domain: [0, 1], width: 50 },
      ],
      series: [
        { kind: "bar", key: "requests", name: "requests", axis: "n", color: C[0]!, format: count },
        { kind: "bar", key: "errors", name: "errors", axis: "n", color: CHART.bad, format: count },
        { kind: "line", key: "errorRate", name: "error rate", axis: "rate", color: CHART.bad, format: percent },
      ],
    },
    {
      label: "Latency p50, p95, p99",
      axes: [{ id: "ms", format: formatDuration, width: 70 }],
      series: (["p50", "p95", "p99"] as const).map((p, i) => ({
        kind: "line" as const,
        key: `${p}Ms`,
        name: p,
        axis: "ms",
        color: C[i]!,
        format: formatDuration,
      })),
    },
    {
      label: "Time to first token and per output token",
      axes: [
        { id: "ttft", format: formatDuration, width: 70 },
        { id: "tpot", format: formatDuration, right: true, width: 70 },
      ],
      series: [
        { kind: "line", key: "avgTtftMs", name: "TTFT (left)", axis: "ttft", color: C[3]!, format: formatDuration },
        { kind: "line", key: "avgTpotMs", name: "TPOT (right)", axis: "tpot", color: C[4]!, format: formatDuration },
      ],
    },
    {
      label: "Tokens and cache hit rate",
      axes: [
        { id: "tokens", format: formatTokens, width: 60 },
        { id: "rate", format: percentTick, right: true, domain: [0, 1], width: 50 },
      ],
      series: [
        {
          kind: "bar",
          key: "inputTokens",
          name: "input",
          axis: "tokens",
          color: C[0]!,
          stack: "t",
          format: formatTokens,
        },
        {
          kind: "bar",
          key: "outputTokens",
          name: "output",
          axis: "tokens",
          color: C[1]!,
          stack: "t",
          format: formatTokens,
        },
        { kind: "line", key: "cacheHitRate", name: "cache hit rate", axis: "rate", color: C[2]!, format: percent },
      ],
    },
    {
      label: "Cost and cost per request",
      axes: [
        { id: "cost", format: formatUsdCompact, width: 60 },
        { id: "per", format: formatUsdCompact, right: true, width: 60 },
      ],
      series: [
        { kind: "bar", key: "costUsd", name: "cost (left)", axis: "cost", color: C[0]!, format: usd },
        { kind: "line", key: "costPerRequestUsd", name: "per request (right)", axis: "per", color: C[3]!, format: usd },
      ],
    },
  ];
  if (gpu) specs.push(GPU_SPEC);
  if (scores.length > 0) {
    specs.push({
      label: "Quality scores",
      axes: [{ id: "score", format: formatScore, width: 50 }],
      series: scores.map((s, i) => ({
        kind: "line",
        key: `score:${s}`,
        name: s,
        axis: "score",
        color: C[i % C.length]!,
        format: formatScore,
      })),
    });
  }
  return specs;
}

function TimeChart({ spec, points, interval }: { spec: ChartSpec; points: Point[]; interval: string }) {
  const formatOf = new Map(spec.series.map((s) => [s.name, s.format]));
  return (
    <figure className="m-0">
      <figcaption className="mb-1 text-sm font-medium text-muted-foreground">{spec.label}</figcaption>
      <div className="w-full h-[200px]" role="img" aria-label={spec.label}>
        <ResponsiveContainer>
          <ComposedChart data={points}>
            <CartesianGrid {...gridProps} />
            <XAxis
              {...axisProps}
              dataKey="bucket"
              tickFormatter={(b: string) => bucketLabel(b, interval)}
              minTickGap={24}
            />
            {spec.axes.map((a) => (
              <YAxis
                {...axisProps}
                key={a.id}
                yAxisId={a.id}
                orientation={a.right ? "right" : "left"}
                domain={a.domain}
                tickFormatter={a.format}
                width={a.width}
              />
            ))}
            <Tooltip
              {...tooltipProps}
              labelFormatter={(b) => bucketLabel(String(b), interval)}
              formatter={(v, name) => (formatOf.get(String(name)) ?? count)(Number(v))}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {spec.series.map((s) =>
              s.kind === "bar" ? (
                <Bar key={s.key} yAxisId={s.axis} dataKey={s.key} name={s.name} fill={s.color} stackId={s.stack} />
              ) : (
                <Line
                  key={s.key}
                  yAxisId={s.axis}
                  dataKey={s.key}
                  name={s.name}
                  stroke={s.color}
                  dot={POINT}
                  connectNulls
                />
              ),
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function OverviewCharts({ points, interval, scores }: { points: Point[]; interval: string; scores: string[] }) {
  return (
    <div className="grid grid-cols-[repeat(auto-fit,minmax(min(100%,420px),1fr))] gap-4">
      {chartSpecs(scores, hasGpu(points)).map((spec) => (
        <TimeChart key={spec.label} spec={spec} points={points} interval={interval} />
      ))}
    </div>
  );
}
