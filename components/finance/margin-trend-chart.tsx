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
import { formatPercent, formatUsd, formatUsdCompact } from "@/lib/format/number";
import { axisProps, CHART, gridProps, tooltipProps } from "@/components/ui/chart-style";

type Point = { month: string; revenueUsd: number; costUsd: number; marginPct: number | null };

const tooltipUsd = (v: unknown) => formatUsd(Number(v));
const tooltipPct = (v: unknown) => formatPercent(Number(v) / 100);

/**
 * Twelve months: revenue and AI cost as bars, each on its own axis (cost is often a hundredth
 * of revenue and would vanish on a shared one), and margin % in its own chart below.
 */
export function MarginTrendChart({ points }: { points: Point[] }) {
  return (
    <div>
      <div className="w-full h-[240px]" role="img" aria-label="Revenue and AI cost over 12 months">
        <ResponsiveContainer>
          <ComposedChart data={points}>
            <CartesianGrid {...gridProps} />
            <XAxis {...axisProps} dataKey="month" />
            <YAxis
              {...axisProps}
              yAxisId="revenue"
              tickFormatter={formatUsdCompact}
              width={70}
              stroke={CHART.good}
              label={{ value: "revenue", angle: -90, position: "insideLeft", fill: CHART.good }}
            />
            <YAxis
              {...axisProps}
              yAxisId="cost"
              orientation="right"
              tickFormatter={formatUsdCompact}
              width={70}
              stroke={CHART.bad}
              label={{ value: "AI cost", angle: 90, position: "insideRight", fill: CHART.bad }}
            />
            <Tooltip {...tooltipProps} formatter={tooltipUsd} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar yAxisId="revenue" dataKey="revenueUsd" name="revenue (left axis)" fill={CHART.good} />
            <Bar yAxisId="cost" dataKey="costUsd" name="AI cost (right axis)" fill={CHART.bad} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="w-full h-[160px]" role="img" aria-label="Margin over 12 months">
        <ResponsiveContainer>
          <LineChart data={points}>
            <CartesianGrid {...gridProps} />
            <XAxis {...axisProps} dataKey="month" />
            <YAxis {...axisProps} tickFormatter={(v: number) => formatPercent(v / 100, { digits: 0 })} width={70} />
            <Tooltip {...tooltipProps} formatter={tooltipPct} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line dataKey="marginPct" name="margin" stroke={CHART.primary} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
