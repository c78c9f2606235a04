"use client";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { bucketLabel, CHART_COLORS } from "@/components/ui/chart-style";
import {
  formatDuration,
  formatPercent,
  formatScore,
  formatTokens,
  formatUsd,
  formatUsdCompact,
} from "@/lib/format/number";

type Point = Record<string, number | string | null>;
// A point per bucket: a period with one busy hour still shows its value on a line.
const POINT = { r: 2 };
type Props = { points: Point[]; interval: string };

function Frame({ label, children }: { label: string; children: React.ReactElement }) {
  return (
    <figure className="chart" style={{ margin: 0 }}>
      <figcaption className="muted">{label}</figcaption>
      <div role="img" aria-label={label} style={{ width: "100%", height: 200 }}>
        <ResponsiveContainer>{children}</ResponsiveContainer>
      </div>
    </figure>
  );
}

const axis = (interval: string) => ({
  dataKey: "bucket",
  tickFormatter: (b: string) => bucketLabel(b, interval),
  minTickGap: 24,
});
const tooltipLabel = (interval: string) => (b: unknown) => bucketLabel(String(b), interval);

/** Tier 1 and 2 of the seeds' three tiers over time, each chart in its own unit; tier 3 is the scores' trend. */
export function OverviewCharts({ points, interval, scores }: Props & { scores: string[] }) {
  return (
    <div className="chart-grid">
      <Frame label="Requests and errors">
        <ComposedChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...axis(interval)} />
          <YAxis yAxisId="n" allowDecimals={false} width={50} />
          <YAxis
            yAxisId="rate"
            orientation="right"
            domain={[0, 1]}
            tickFormatter={(v: number) => formatPercent(v, { digits: 0 })}
            width={50}
          />
          <Tooltip
            labelFormatter={tooltipLabel(interval)}
            formatter={(v, name) => (name === "error rate" ? formatPercent(Number(v)) : String(v))}
          />
          <Legend />
          <Bar yAxisId="n" dataKey="requests" name="requests" fill={CHART_COLORS[0]} />
          <Bar yAxisId="n" dataKey="errors" name="errors" fill="#dc2626" />
          <Line yAxisId="rate" dataKey="errorRate" name="error rate" stroke="#b91c1c" dot={POINT} connectNulls />
        </ComposedChart>
      </Frame>
      <Frame label="Latency p50, p95, p99">
        <LineChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...axis(interval)} />
          <YAxis tickFormatter={(v: number) => formatDuration(v)} width={70} />
          <Tooltip labelFormatter={tooltipLabel(interval)} formatter={(v) => formatDuration(Number(v))} />
          <Legend />
          <Line dataKey="p50Ms" name="p50" stroke={CHART_COLORS[0]} dot={POINT} connectNulls />
          <Line dataKey="p95Ms" name="p95" stroke={CHART_COLORS[1]} dot={POINT} connectNulls />
          <Line dataKey="p99Ms" name="p99" stroke={CHART_COLORS[2]} dot={POINT} connectNulls />
        </LineChart>
      </Frame>
      <Frame label="Time to first token and per output token">
        <LineChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...axis(interval)} />
          <YAxis yAxisId="ttft" tickFormatter={(v: number) => formatDuration(v)} width={70} />
          <YAxis yAxisId="tpot" orientation="right" tickFormatter={(v: number) => formatDuration(v)} width={70} />
          <Tooltip labelFormatter={tooltipLabel(interval)} formatter={(v) => formatDuration(Number(v))} />
          <Legend />
          <Line
            yAxisId="ttft"
            dataKey="avgTtftMs"
            name="TTFT (left)"
            stroke={CHART_COLORS[3]}
            dot={POINT}
            connectNulls
          />
          <Line
            yAxisId="tpot"
            dataKey="avgTpotMs"
            name="TPOT (right)"
            stroke={CHART_COLORS[4]}
            dot={POINT}
            connectNulls
          />
        </LineChart>
      </Frame>
      <Frame label="Tokens and cache hit rate">
        <ComposedChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...axis(interval)} />
          <YAxis yAxisId="tokens" tickFormatter={(v: number) => formatTokens(v)} width={60} />
          <YAxis
            yAxisId="rate"
            orientation="right"
            domain={[0, 1]}
            tickFormatter={(v: number) => formatPercent(v, { digits: 0 })}
            width={50}
          />
          <Tooltip
            labelFormatter={tooltipLabel(interval)}
            formatter={(v, name) => (name === "cache hit rate" ? formatPercent(Number(v)) : formatTokens(Number(v)))}
          />
          <Legend />
          <Bar yAxisId="tokens" dataKey="inputTokens" name="input" stackId="t" fill={CHART_COLORS[0]} />
          <Bar yAxisId="tokens" dataKey="outputTokens" name="output" stackId="t" fill={CHART_COLORS[1]} />
          <Line
            yAxisId="rate"
            dataKey="cacheHitRate"
            name="cache hit rate"
            stroke={CHART_COLORS[2]}
            dot={POINT}
            connectNulls
          />
        </ComposedChart>
      </Frame>
      <Frame label="Cost and cost per request">
        <ComposedChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...axis(interval)} />
          <YAxis yAxisId="cost" tickFormatter={formatUsdCompact} width={60} />
          <YAxis yAxisId="per" orientation="right" tickFormatter={formatUsdCompact} width={60} />
          <Tooltip labelFormatter={tooltipLabel(interval)} formatter={(v) => formatUsd(Number(v))} />
          <Legend />
          <Bar yAxisId="cost" dataKey="costUsd" name="cost (left)" fill={CHART_COLORS[0]} />
          <Line
            yAxisId="per"
            dataKey="costPerRequestUsd"
            name="per request (right)"
            stroke={CHART_COLORS[3]}
            dot={POINT}
            connectNulls
          />
        </ComposedChart>
      </Frame>
      {scores.length > 0 && (
        <Frame label="Quality scores">
          <LineChart data={points}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis {...axis(interval)} />
            <YAxis tickFormatter={(v: number) => formatScore(v)} width={50} />
            <Tooltip labelFormatter={tooltipLabel(interval)} formatter={(v) => formatScore(Number(v))} />
            <Legend />
            {scores.map((s, i) => (
              <Line
                key={s}
                dataKey={`score:${s}`}
                name={s}
                stroke={CHART_COLORS[i % CHART_COLORS.length]}
                dot={POINT}
                connectNulls
              />
            ))}
          </LineChart>
        </Frame>
      )}
    </div>
  );
}
