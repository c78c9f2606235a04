"use client";
import { useQuery } from "@tanstack/react-query";
import { Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, YAxis } from "recharts";
import { apiFetch } from "@/components/ui/api-fetch";
import { axisProps, CHART, CHART_COLORS, tooltipProps } from "@/components/ui/chart-style";
import { formatConditionValue } from "@/lib/alerts/metric-catalog";

type Series = {
  groups: Array<{ key: string }>;
  series: Array<{ at: string; values: Record<string, number | null> }>;
  threshold: number;
  metric: string;
  baseline: string | null;
  changeUnit: "percent" | "stddev";
};

/** The rule's metric over its last 12 windows per group, against the threshold (dashed). Loaded after the page. */
export function RuleSparkline({ ruleId, name }: { ruleId: string; name: string }) {
  const { data, isError } = useQuery({
    queryKey: ["alerts", "series", ruleId],
    queryFn: () => apiFetch<Series>(`/api/v1/alert-rules/${ruleId}/series`),
    staleTime: 60_000,
  });
  if (isError) return <span className="text-muted-foreground">–</span>;
  if (!data) return <span className="text-muted-foreground">…</span>;
  const keys = data.groups.slice(0, 5).map((g) => g.key);
  const points = data.series.map((p) => ({
    at: p.at,
    ...Object.fromEntries(keys.map((k) => [k, p.values[k] ?? null])),
  }));
  return (
    <div className="w-[180px] h-[44px]" role="img" aria-label={`${name} over time`}>
      <ResponsiveContainer>
        <LineChart data={points}>
          <YAxis {...axisProps} hide domain={["auto", "auto"]} />
          <Tooltip
            {...tooltipProps}
            formatter={(value) => formatConditionValue(data, typeof value === "number" ? value : null)}
            labelFormatter={(_, p) =>
              String(p?.[0]?.payload?.at ?? "")
                .slice(0, 16)
                .replace("T", " ")
            }
          />
          <ReferenceLine y={data.threshold} stroke={CHART.threshold} strokeDasharray="3 3" />
          {keys.map((k, i) => (
            <Line
              key={k}
              dataKey={k}
              name={k || "all"}
              stroke={CHART_COLORS[i % CHART_COLORS.length]}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
