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
import { bucketLabel, CHART_COLORS } from "@/components/ui/chart-style";
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
    <div role="img" aria-label={`Average ${name} over time`} style={{ width: "100%", height: 260 }}>
      <ResponsiveContainer>
        <LineChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="bucket" tickFormatter={(b: string) => bucketLabel(b, interval)} minTickGap={24} />
          <YAxis width={50} />
          <Tooltip formatter={(v) => score(v)} labelFormatter={(b) => bucketLabel(String(b), interval)} />
          <Legend />
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
    <div role="img" aria-label={`Distribution of ${name}`} style={{ width: "100%", height: 240 }}>
      <ResponsiveContainer>
        <BarChart data={bins}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="bin" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          <Legend />
          {present.map((k, i) => (
            <Bar key={k} dataKey={k} fill={CHART_COLORS[i % CHART_COLORS.length]} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
