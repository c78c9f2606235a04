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
      <div role="img" aria-label="Revenue and AI cost over 12 months" style={{ width: "100%", height: 240 }}>
        <ResponsiveContainer>
          <ComposedChart data={points}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis
              yAxisId="revenue"
              tickFormatter={formatUsdCompact}
              width={70}
              stroke="#16a34a"
              label={{ value: "revenue", angle: -90, position: "insideLeft", fill: "#16a34a" }}
            />
            <YAxis
              yAxisId="cost"
              orientation="right"
              tickFormatter={formatUsdCompact}
              width={70}
              stroke="#dc2626"
              label={{ value: "AI cost", angle: 90, position: "insideRight", fill: "#dc2626" }}
            />
            <Tooltip formatter={tooltipUsd} />
            <Legend />
            <Bar yAxisId="revenue" dataKey="revenueUsd" name="revenue (left axis)" fill="#16a34a" />
            <Bar yAxisId="cost" dataKey="costUsd" name="AI cost (right axis)" fill="#dc2626" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div role="img" aria-label="Margin over 12 months" style={{ width: "100%", height: 160 }}>
        <ResponsiveContainer>
          <LineChart data={points}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="month" />
            <YAxis tickFormatter={(v: number) => formatPercent(v / 100, { digits: 0 })} width={70} />
            <Tooltip formatter={tooltipPct} />
            <Legend />
            <Line dataKey="marginPct" name="margin" stroke="#2563eb" connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
