"use client";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { axisProps, bucketLabel, CHART_COLORS, gridProps, tooltipProps } from "@/components/ui/chart-style";
import { formatScore } from "@/lib/format/number";

const score = (v: unknown) => formatScore(typeof v === "number" ? v : null);

/** Average of one score over time, one line per split group. */
export function QualitySeriesChart({
  points,
  keys,
  interval,
  name,
}: {
  points: Array<Record<string, unknown>>;
  keys: string[];
  interval: string;
  name: string;
}) {
  return (
    <div className="w-full h-[260px]" role="img" aria-label={`Average ${name} over time`}>
      <ResponsiveContainer>
        <LineChart data={points}>
          <CartesianGrid {...gridProps} />
          <XAxis
            {...axisProps}
            dataKey="bucket"
            tickFormatter={(b: string) => bucketLabel(b, interval)}
            minTickGap={24}
          />
          <YAxis {...axisProps} width={50} />
          <Tooltip
            {...tooltipProps}
            formatter={(v) => score(v)}
            labelFormatter={(b) => bucketLabel(String(b), interval)}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {keys.map((k, i) => (
            <Line key={k} type="monotone" dataKey={k} connectNulls stroke={CHART_COLORS[i % CHART_COLORS.length]} dot />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** How the values (or labels) of one score are spread, per split group. */
export function QualityDistributionChart({
  bins,
  keys,
  name,
}: {
  bins: Array<Record<string, unknown>>;
  keys: string[];
  name: string;
}) {
  const present = keys.filter((k) => bins.some((b) => b[k] !== undefined));
  return (
    <div className="w-full h-[240px]" role="img" aria-label={`Distribution of ${name}`}>
      <ResponsiveContainer>
        <BarChart data={bins}>
          <CartesianGrid {...gridProps} />
          <XAxis {...axisProps} dataKey="bin" tick={{ fontSize: 11 }} />
          <YAxis {...axisProps} allowDecimals={false} width={40} />
          <Tooltip {...tooltipProps} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {present.map((k, i) => (
            <Bar key={k} dataKey={k} fill={CHART_COLORS[i % CHART_COLORS.length]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
