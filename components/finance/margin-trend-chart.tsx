"use client";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsdCompact } from "@/lib/format/number";

type Point = { month: string; revenueUsd: number; costUsd: number; marginPct: number | null };
const usd = formatUsdCompact;

/** Twelve months of revenue and AI cost (bars) with margin % (line). */
export function MarginTrendChart({ points }: { points: Point[] }) {
  return (
    <div role="img" aria-label="Revenue, cost and margin over 12 months" style={{ width: "100%", height: 260 }}>
      <ResponsiveContainer>
        <ComposedChart data={points}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="month" />
          <YAxis yAxisId="usd" tickFormatter={usd} width={70} />
          <YAxis yAxisId="pct" orientation="right" tickFormatter={(v: number) => `${v}%`} />
          <Tooltip />
          <Legend />
          <Bar yAxisId="usd" dataKey="revenueUsd" name="revenue (USD)" fill="#16a34a" />
          <Bar yAxisId="usd" dataKey="costUsd" name="AI cost (USD)" fill="#dc2626" />
          <Line yAxisId="pct" dataKey="marginPct" name="margin %" stroke="#2563eb" connectNulls />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
