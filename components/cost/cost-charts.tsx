"use client";
import {
  Area,
  AreaChart,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import {
  axisProps,
  bucketLabel as label,
  CHART,
  CHART_COLORS as COLORS,
  gridProps,
  tooltipProps,
} from "@/components/ui/chart-style";
import { formatUsdCompact } from "@/lib/format/number";

const usd = formatUsdCompact;

/** Cost over time, stacked by the chosen dimension's largest groups. */
export function CostSeriesChart({
  points,
  keys,
  interval,
}: {
  points: Array<Record<string, number | string>>;
  keys: string[];
  interval: string;
}) {
  return (
    <div className="w-full h-[280px]" role="img" aria-label="Cost over time">
      <ResponsiveContainer>
        <AreaChart data={points}>
          <CartesianGrid {...gridProps} />
          <XAxis {...axisProps} dataKey="bucket" tickFormatter={(b: string) => label(b, interval)} minTickGap={24} />
          <YAxis {...axisProps} tickFormatter={usd} width={70} />
          <Tooltip
            {...tooltipProps}
            formatter={(v) => usd(Number(v))}
            labelFormatter={(b) => label(String(b), interval)}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {keys.map((k, i) => (
            <Area
              key={k}
              type="monotone"
              dataKey={k}
              name={k || "(none)"}
              stackId="cost"
              stroke={COLORS[i % COLORS.length]}
              fill={COLORS[i % COLORS.length]}
              fillOpacity={0.5}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Pareto: each group's cost as bars, largest first, with the cumulative share as a line. */
export function ParetoChart({ rows }: { rows: Array<{ key: string; costUsd: number; cumulativeShare: number }> }) {
  const data = rows
    .slice(0, 30)
    .map((r) => ({ key: r.key || "(none)", cost: r.costUsd, cumulative: Math.round(r.cumulativeShare * 1000) / 10 }));
  return (
    <div className="w-full h-[240px]" role="img" aria-label="Pareto of cost">
      <ResponsiveContainer>
        <ComposedChart data={data}>
          <CartesianGrid {...gridProps} />
          <XAxis {...axisProps} dataKey="key" interval={0} tick={{ fontSize: 11 }} />
          <YAxis {...axisProps} yAxisId="cost" tickFormatter={usd} width={70} />
          <YAxis
            {...axisProps}
            yAxisId="share"
            orientation="right"
            domain={[0, 100]}
            tickFormatter={(v: number) => `${v}%`}
          />
          <Tooltip {...tooltipProps} />
          <Bar yAxisId="cost" dataKey="cost" name="cost (USD)" fill={CHART.primary} />
          <Line yAxisId="share" dataKey="cumulative" name="cumulative %" stroke={CHART.bad} dot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
