import "server-only";
import { z } from "zod";
import { featureOwners } from "@/lib/alerts/owners";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { attentionItems, attentionRecords, attentionWindows, marginWindow } from "./attention";
import { gpuUtilization } from "./gpu-reads";
import { ratio, type Interval, type NamedWindow } from "./read-windows";
import { requestReads, requestsOf, type RequestRow } from "./request-reads";
import { scoreReads, scoresOf } from "./score-reads";
import { cacheRate, usageOf, usageReads, type UsageRow } from "./usage-reads";

export type { AttentionItem } from "./attention";

// The home page: is anything wrong, and what does it cost. Every figure comes from a rollup
// (request_stats_hourly, usage_hourly/usage_daily, the scores' latest versions, Postgres for
// alerts and tickets), so the page reads the same few thousand rows at 10 M spans as at 10 k.

export const OVERVIEW_PERIODS = { "1h": 1, "24h": 24, "7d": 168, "30d": 720 } as const; // hours
export type OverviewPeriod = keyof typeof OVERVIEW_PERIODS;
export const overviewParams = z.object({
  period: z.enum(Object.keys(OVERVIEW_PERIODS) as [OverviewPeriod]).catch("24h"),
});

const HOUR_MS = 3_600_000;
const MAIN_SCORES = 3;

/** The period ends at the next whole hour (the rollups' grain); the previous period sits before it. */
export function overviewWindows(period: OverviewPeriod, now: Date) {
  const hours = OVERVIEW_PERIODS[period];
  const to = new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);
  const current = { from: new Date(to.getTime() - hours * HOUR_MS), to };
  const previous = { from: new Date(current.from.getTime() - hours * HOUR_MS), to: current.from };
  // One hour is one hourly bucket: its chart shows the last 12 hours so a trend can be seen.
  const chart = {
    from: new Date(to.getTime() - Math.max(hours, 12) * HOUR_MS),
    to,
    interval: (hours <= 24 ? "hour" : "day") as Interval,
  };
  return { current, previous, chart };
}

export type OverviewTotals = {
  requests: number;
  errors: number;
  errorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheHitRate: number | null;
  avgTtftMs: number | null;
  avgTpotMs: number | null;
  costUsd: number;
  costPerRequestUsd: number | null;
  gpuHours: number;
};

function totalsOf(req: RequestRow | undefined, usage: UsageRow | undefined, costUsd: number): OverviewTotals {
  const requests = req?.requests ?? 0;
  const q = requests > 0 ? (req?.q ?? []) : [];
  return {
    requests,
    errors: req?.errors ?? 0,
    errorRate: ratio(req?.errors ?? 0, requests),
    p50Ms: q[0] ?? null,
    p95Ms: q[1] ?? null,
    p99Ms: q[2] ?? null,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cacheHitRate: cacheRate(usage),
    avgTtftMs: usage ? ratio(usage.ttftMsSum, usage.ttftCount) : null,
    avgTpotMs: usage ? ratio(usage.tpotMsSum, usage.tpotCount) : null,
    costUsd,
    costPerRequestUsd: ratio(costUsd, requests),
    gpuHours: (usage?.gpuSeconds ?? 0) / 3600,
  };
}

/** The score names shown: the most given in the period, numeric ones only. */
function mainScores(points: Array<{ name?: string; avg: number | null; count: number }>): string[] {
  const counts = new Map<string, number>();
  for (const p of points) if (p.name && p.avg !== null) counts.set(p.name, (counts.get(p.name) ?? 0) + p.count);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAIN_SCORES)
    .map(([n]) => n);
}

export type FeatureRow = {
  feature: string;
  requests: number;
  errorRate: number | null;
  p95Ms: number | null;
  costUsd: number;
  costPerRequestUsd: number | null;
  quality: number | null;
  qualityScore: string | null;
  owner: string | null;
};

/** Everything the Overview shows for one period, with the previous period's totals beside it. */
export async function overview({
  ctx,
  period,
  now = new Date(),
}: {
  ctx: ProjectContext;
  period: OverviewPeriod;
  now?: Date;
}) {
  requirePermission(ctx, "project.read");
  const { current, previous, chart } = overviewWindows(period, now);
  const hourly = chart.interval === "hour";
  // The chart of a period of a day or more is the period itself; one hour charts the last 12.
  const chartWindow = chart.from.getTime() === current.from.getTime() ? "current" : "chart";
  const windows: NamedWindow[] = [
    { name: "current", ...current, hourly, by: chartWindow === "current" ? ["bucket", "feature"] : ["feature"] },
    { name: "previous", ...previous },
    ...(chartWindow === "chart"
      ? [{ name: "chart", from: chart.from, to: chart.to, hourly, by: ["bucket" as const] }]
      : []),
  ];
  const weeks = attentionWindows(now);
  const [requests, usage, scoreRows, gpu, owners, records] = await Promise.all([
    requestReads(ctx, windows, chart.interval),
    usageReads(ctx, {
      priced: [...windows, ...marginWindow(ctx.role, now)],
      tokensOnly: weeks.usage,
      interval: chart.interval,
      unpricedIn: "current",
    }),
    scoreReads(ctx, [...windows, ...weeks.scores], chart.interval),
    gpuUtilization(ctx, chart, chart.interval),
    featureOwners({ ctx }),
    attentionRecords(ctx, now),
  ]);

  const scores = mainScores(scoresOf(scoreRows, "current"));
  const buckets: string[] = [];
  for (let t = chart.from.getTime(); t < chart.to.getTime(); t += hourly ? HOUR_MS : 24 * HOUR_MS) {
    buckets.push(new Date(hourly ? t : Math.floor(t / (24 * HOUR_MS)) * 24 * HOUR_MS).toISOString());
  }
  const reqAt = new Map(requestsOf(requests, chartWindow, "bucket").map((r) => [r.bucket, r]));
  const useAt = new Map(usageOf(usage.rows, chartWindow, "bucket").map((u) => [u.bucket, u]));
  const scoreSeries = scoresOf(scoreRows, chartWindow, ["bucket"]);
  const series = [...new Set(buckets)].map((bucket) => {
    const u = useAt.get(bucket);
    const t = totalsOf(reqAt.get(bucket), u, u?.costUsd ?? 0);
    const point: Record<string, number | string | null> = { bucket, ...t, gpuUtilization: gpu.get(bucket) ?? null };
    for (const name of scores)
      point[`score:${name}`] = scoreSeries.find((q) => q.bucket === bucket && q.name === name)?.avg ?? null;
    return point;
  });

  const ownerOf = new Map(owners.map((o) => [o.feature, o.ownerEmail]));
  // As the cost API has it: features whose usage rows carry spans.
  const costOf = new Map(
    usageOf(usage.rows, "current", "feature")
      .filter((c) => c.spans !== 0)
      .map((c) => [c.feature ?? "", c.costUsd]),
  );
  const mainScore = scores[0] ?? null;
  const qualityOf = new Map(
    scoresOf(scoreRows, "current", ["feature"])
      .filter((q) => q.name === mainScore)
      .map((q) => [q.feature ?? "", q.avg]),
  );
  const reqByFeature = requestsOf(requests, "current", "feature");
  const featureNames = new Set([...reqByFeature.map((r) => r.feature ?? ""), ...costOf.keys()]);
  const features: FeatureRow[] = [...featureNames]
    .map((feature) => {
      const r = reqByFeature.find((x) => x.feature === feature);
      const costUsd = costOf.get(feature) ?? 0;
      const requests = r?.requests ?? 0;
      return {
        feature,
        requests,
        errorRate: ratio(r?.errors ?? 0, requests),
        p95Ms: requests > 0 ? (r?.q[1] ?? null) : null,
        costUsd,
        costPerRequestUsd: ratio(costUsd, requests),
        quality: qualityOf.get(feature) ?? null,
        qualityScore: mainScore,
        owner: ownerOf.get(feature) ?? null,
      };
    })
    .sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || a.feature.localeCompare(b.feature));

  const usageNow = usageOf(usage.rows, "current");
  const usageBefore = usageOf(usage.rows, "previous");
  return {
    period,
    from: current.from.toISOString(),
    to: current.to.toISOString(),
    previous: { from: previous.from.toISOString(), to: previous.to.toISOString() },
    totals: totalsOf(requestsOf(requests, "current", "all")[0], usageNow, usageNow?.costUsd ?? 0),
    previousTotals: totalsOf(requestsOf(requests, "previous", "all")[0], usageBefore, usageBefore?.costUsd ?? 0),
    chart: {
      from: chart.from.toISOString(),
      to: chart.to.toISOString(),
      interval: chart.interval,
      scores,
      points: series,
    },
    features,
    attention: attentionItems({ records, usage: usage.rows, scores: scoreRows, now }),
    unpricedModels: usage.unpricedModels,
  };
}
export type Overview = Awaited<ReturnType<typeof overview>>;
