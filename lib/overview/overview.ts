import "server-only";
import { z } from "zod";
import { listOwners } from "@/lib/alerts/owners";
import { rulesWithStates } from "@/lib/alerts/rules";
import { listTickets } from "@/lib/alerts/tickets";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, time, type Sql } from "@/lib/clickhouse/sql";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { usageSource } from "@/lib/cost/usage-source";
import { belowMarginFloor } from "@/lib/domain/finance/margin-floor";
import { lowerIsBetter } from "@/lib/domain/scores/score-row";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { margins } from "@/lib/finance/margins";
import { qualityMetrics } from "@/lib/quality/quality-metrics";

// The home page: is anything wrong, and what does it cost. Every figure comes from a rollup
// (request_stats_hourly, usage_hourly/usage_daily, the scores' latest versions, Postgres for
// alerts and tickets), so the page reads the same few thousand rows at 10 M spans as at 10 k.

export const OVERVIEW_PERIODS = { "1h": 1, "24h": 24, "7d": 168, "30d": 720 } as const; // hours
export type OverviewPeriod = keyof typeof OVERVIEW_PERIODS;
export const overviewParams = z.object({ period: z.enum(Object.keys(OVERVIEW_PERIODS) as [OverviewPeriod]).catch("24h") });

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
/** A feature's cache hit rate or quality "fell" against its own last week by this much, on enough volume. */
const CACHE_DROP = 0.2; // relative
const CACHE_MIN_INPUT_TOKENS = 10_000;
const QUALITY_DROP = 0.05; // absolute, on a 0..1 score
const QUALITY_MIN_SCORES = 10;
const MAIN_SCORES = 3;

type Interval = "hour" | "day";
type Window = { from: Date; to: Date };
const BUCKET: Record<Interval, Sql> = { hour: sql`hour`, day: sql`toStartOfDay(hour)` };

/** The period ends at the next whole hour (the rollups' grain); the previous period sits before it. */
export function overviewWindows(period: OverviewPeriod, now: Date) {
  const hours = OVERVIEW_PERIODS[period];
  const to = new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);
  const current = { from: new Date(to.getTime() - hours * HOUR_MS), to };
  const previous = { from: new Date(current.from.getTime() - hours * HOUR_MS), to: current.from };
  // One hour is one hourly bucket: its chart shows the last 12 hours so a trend can be seen.
  const chart = { from: new Date(to.getTime() - Math.max(hours, 12) * HOUR_MS), to, interval: (hours <= 24 ? "hour" : "day") as Interval };
  return { current, previous, chart };
}

type RequestRow = { bucket?: string; feature?: string; requests: number; errors: number; q: number[] };

async function requestStats(ctx: ProjectContext, w: Window, group: { feature?: boolean; interval?: Interval }): Promise<RequestRow[]> {
  const keys: Sql[] = [];
  if (group.interval) keys.push(sql`${BUCKET[group.interval]} AS bucket`);
  if (group.feature) keys.push(sql`toString(feature) AS feature`);
  const select = keys.length ? sql`${keys.length === 2 ? sql`${keys[0]!}, ${keys[1]!}` : keys[0]!}, ` : sql``;
  const groupBy = group.interval && group.feature ? sql`GROUP BY bucket, feature` : group.interval ? sql`GROUP BY bucket ORDER BY bucket` : group.feature ? sql`GROUP BY feature` : sql``;
  const rows = await queryRows<{ bucket?: string; feature?: string; requests: number; errors: number; q: number[] }>({
    projectId: ctx.projectId,
    tag: "overview.requests",
    query: sql`
      SELECT ${select}sum(requests) AS requests, sum(errors) AS errors, quantilesTDigestMerge(0.5, 0.95, 0.99)(duration_ms) AS q
      FROM ${tables.request_stats_hourly} WHERE ${tables.request_stats_hourly.scope} AND hour >= ${time(w.from)} AND hour < ${time(w.to)} ${groupBy}`,
  });
  return rows.map((r) => ({
    ...(r.bucket !== undefined ? { bucket: fromClickHouseTime(String(r.bucket)).toISOString() } : {}),
    ...(r.feature !== undefined ? { feature: r.feature } : {}),
    requests: Number(r.requests), errors: Number(r.errors), q: (r.q ?? []).map(Number),
  }));
}

type UsageRow = { bucket?: string; feature?: string; inputTokens: number; cachedInputTokens: number; outputTokens: number; ttftMsSum: number; ttftCount: number; tpotMsSum: number; tpotCount: number; gpuSeconds: number };

async function usageStats(ctx: ProjectContext, w: Window, group: { feature?: boolean; interval?: Interval }): Promise<UsageRow[]> {
  const keys: Sql[] = [];
  if (group.interval) keys.push(sql`${BUCKET[group.interval]} AS bucket`);
  if (group.feature) keys.push(sql`feature`);
  const select = keys.length ? sql`${keys.length === 2 ? sql`${keys[0]!}, ${keys[1]!}` : keys[0]!}, ` : sql``;
  const groupBy = group.interval && group.feature ? sql`GROUP BY bucket, feature` : group.interval ? sql`GROUP BY bucket ORDER BY bucket` : group.feature ? sql`GROUP BY feature` : sql``;
  const rows = await queryRows<Record<string, number | string>>({
    projectId: ctx.projectId,
    tag: "overview.usage",
    query: sql`
      SELECT ${select}sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens, sum(output_tokens) AS output_tokens,
             sum(ttft_ms_sum) AS ttft_ms_sum, sum(ttft_count) AS ttft_count, sum(tpot_ms_sum) AS tpot_ms_sum, sum(tpot_count) AS tpot_count, sum(gpu_seconds) AS gpu_seconds
      FROM (${usageSource(w.from, w.to, group.interval === "hour")}) ${groupBy}`,
  });
  return rows.map((r) => ({
    ...(r.bucket !== undefined ? { bucket: fromClickHouseTime(String(r.bucket)).toISOString() } : {}),
    ...(r.feature !== undefined ? { feature: String(r.feature) } : {}),
    inputTokens: Number(r.input_tokens), cachedInputTokens: Number(r.cached_input_tokens), outputTokens: Number(r.output_tokens),
    ttftMsSum: Number(r.ttft_ms_sum), ttftCount: Number(r.ttft_count), tpotMsSum: Number(r.tpot_ms_sum), tpotCount: Number(r.tpot_count), gpuSeconds: Number(r.gpu_seconds),
  }));
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const cacheRate = (u: Pick<UsageRow, "cachedInputTokens" | "inputTokens"> | undefined) => (u ? ratio(u.cachedInputTokens, u.inputTokens) : null);

export type OverviewTotals = {
  requests: number; errors: number; errorRate: number | null; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null;
  inputTokens: number; outputTokens: number; cacheHitRate: number | null; avgTtftMs: number | null; avgTpotMs: number | null;
  costUsd: number; costPerRequestUsd: number | null; gpuHours: number;
};

function totalsOf(req: RequestRow | undefined, usage: UsageRow | undefined, costUsd: number): OverviewTotals {
  const requests = req?.requests ?? 0;
  const q = requests > 0 ? (req?.q ?? []) : [];
  return {
    requests, errors: req?.errors ?? 0, errorRate: ratio(req?.errors ?? 0, requests),
    p50Ms: q[0] ?? null, p95Ms: q[1] ?? null, p99Ms: q[2] ?? null,
    inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0, cacheHitRate: cacheRate(usage),
    avgTtftMs: usage ? ratio(usage.ttftMsSum, usage.ttftCount) : null, avgTpotMs: usage ? ratio(usage.tpotMsSum, usage.tpotCount) : null,
    costUsd, costPerRequestUsd: ratio(costUsd, requests), gpuHours: (usage?.gpuSeconds ?? 0) / 3600,
  };
}

/** The score names shown: the most given in the period, numeric ones only. */
function mainScores(points: Array<{ name?: string; avg: number | null; count: number }>): string[] {
  const counts = new Map<string, number>();
  for (const p of points) if (p.name && p.avg !== null) counts.set(p.name, (counts.get(p.name) ?? 0) + p.count);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAIN_SCORES).map(([n]) => n);
}

export type AttentionItem =
  | { kind: "firing"; tier: string; ruleId: string; rule: string; metric: string; group: string; value: number | null }
  | { kind: "tickets"; assignee: string | null; open: number; acknowledged: number }
  | { kind: "margin"; tenant: string; marginPct: number | null; costUsd: number; revenueUsd: number }
  | { kind: "cache_drop"; feature: string; lastWeek: number; weekBefore: number }
  | { kind: "quality_drop"; feature: string; score: string; lastWeek: number; weekBefore: number };

const TIER_ORDER: Record<string, number> = { page: 0, ticket: 1, dashboard: 2 };

async function attention(ctx: ProjectContext, now: Date): Promise<AttentionItem[]> {
  const items: AttentionItem[] = [];
  const [rules, tickets] = await Promise.all([rulesWithStates(ctx), listTickets({ ctx, query: {} })]);
  for (const rule of rules.filter((r) => r.enabled).sort((a, b) => (TIER_ORDER[a.tier] ?? 9) - (TIER_ORDER[b.tier] ?? 9))) {
    for (const s of rule.states.filter((st) => st.state === "firing")) {
      const group = Object.entries(s.group).map(([k, v]) => `${k}: ${v || "(none)"}`).join(", ") || "all";
      items.push({ kind: "firing", tier: rule.tier, ruleId: rule.id, rule: rule.name, metric: rule.metric, group, value: s.lastValue });
    }
  }
  const byAssignee = new Map<string | null, { open: number; acknowledged: number }>();
  for (const t of tickets.data.filter((x) => x.status !== "resolved")) {
    const entry = byAssignee.get(t.assignee) ?? { open: 0, acknowledged: 0 };
    if (t.status === "open") entry.open += 1;
    else entry.acknowledged += 1;
    byAssignee.set(t.assignee, entry);
  }
  for (const [assignee, counts] of byAssignee) items.push({ kind: "tickets", assignee, ...counts });

  if (can(ctx.role, "finance.read")) {
    const month = now.toISOString().slice(0, 7);
    const result = await margins({ ctx, month, now });
    for (const r of result.data.filter((row) => belowMarginFloor(row))) {
      items.push({ kind: "margin", tenant: r.tenant, marginPct: r.marginPct, costUsd: r.costUsd, revenueUsd: r.revenueUsd });
    }
  }

  // Against each feature's own last week, not a fixed floor: a feature that never cached is not "down".
  const lastWeek = { from: new Date(now.getTime() - WEEK_MS), to: now };
  const weekBefore = { from: new Date(now.getTime() - 2 * WEEK_MS), to: lastWeek.from };
  const hourWindow = (w: Window) => ({ from: new Date(Math.floor(w.from.getTime() / HOUR_MS) * HOUR_MS), to: new Date(Math.floor(w.to.getTime() / HOUR_MS) * HOUR_MS) });
  const [usageNow, usageBefore, scoresNow, scoresBefore] = await Promise.all([
    usageStats(ctx, hourWindow(lastWeek), { feature: true }),
    usageStats(ctx, hourWindow(weekBefore), { feature: true }),
    qualityMetrics({ ctx, query: { from: lastWeek.from.toISOString(), to: lastWeek.to.toISOString(), groupBy: ["name", "feature", "source"] } }),
    qualityMetrics({ ctx, query: { from: weekBefore.from.toISOString(), to: weekBefore.to.toISOString(), groupBy: ["name", "feature", "source"] } }),
  ]);
  const before = new Map(usageBefore.map((u) => [u.feature ?? "", u]));
  for (const u of usageNow) {
    const b = before.get(u.feature ?? "");
    const [rNow, rBefore] = [cacheRate(u), cacheRate(b)];
    if (!u.feature || !b || rNow === null || rBefore === null || rBefore === 0) continue;
    if (u.inputTokens < CACHE_MIN_INPUT_TOKENS || b.inputTokens < CACHE_MIN_INPUT_TOKENS) continue;
    if (rNow < rBefore * (1 - CACHE_DROP)) items.push({ kind: "cache_drop", feature: u.feature, lastWeek: rNow, weekBefore: rBefore });
  }
  const key = (p: { name?: string; feature?: string; source?: string }) => `${p.name}\u0000${p.feature}\u0000${p.source}`;
  const scoreBefore = new Map(scoresBefore.data.map((p) => [key(p), p]));
  for (const p of scoresNow.data) {
    const b = scoreBefore.get(key(p));
    if (!p.feature || !p.name || !b || p.avg === null || b.avg === null || p.count < QUALITY_MIN_SCORES || b.count < QUALITY_MIN_SCORES) continue;
    const worse = lowerIsBetter(p.name, p.source ?? "") ? p.avg - b.avg : b.avg - p.avg;
    if (worse >= QUALITY_DROP) items.push({ kind: "quality_drop", feature: p.feature, score: p.name, lastWeek: p.avg, weekBefore: b.avg });
  }
  return items;
}

export type FeatureRow = {
  feature: string; requests: number; errorRate: number | null; p95Ms: number | null; costUsd: number; costPerRequestUsd: number | null;
  quality: number | null; qualityScore: string | null; owner: string | null;
};

/** Everything the Overview shows for one period, with the previous period's totals beside it. */
export async function overview({ ctx, period, now = new Date() }: { ctx: ProjectContext; period: OverviewPeriod; now?: Date }) {
  requirePermission(ctx, "project.read");
  const { current, previous, chart } = overviewWindows(period, now);
  const cost = (w: Window, extra: { groupBy?: Array<"feature">; interval?: Interval } = {}) =>
    costMetrics({ ctx, query: { from: w.from, to: w.to, groupBy: extra.groupBy ?? [], ...(extra.interval ? { interval: extra.interval } : {}) } });
  const quality = (w: Window, groupBy: Array<"feature">, interval?: Interval) =>
    qualityMetrics({ ctx, query: { from: w.from.toISOString(), to: w.to.toISOString(), groupBy: ["name", ...groupBy], ...(interval ? { interval } : {}) } });

  const [reqNow, reqBefore, reqSeries, reqByFeature, useNow, useBefore, useSeries, costNow, costBefore, costSeries, costByFeature, qualityNow, qualitySeries, qualityByFeature, owners, needsAttention] =
    await Promise.all([
      requestStats(ctx, current, {}), requestStats(ctx, previous, {}), requestStats(ctx, chart, { interval: chart.interval }), requestStats(ctx, current, { feature: true }),
      usageStats(ctx, current, {}), usageStats(ctx, previous, {}), usageStats(ctx, chart, { interval: chart.interval }),
      cost(current), cost(previous), cost(chart, { interval: chart.interval }), cost(current, { groupBy: ["feature"] }),
      quality(current, []), quality(chart, [], chart.interval), quality(current, ["feature"]),
      listOwners({ ctx, now }), attention(ctx, now),
    ]);

  const scores = mainScores(qualityNow.data);
  const buckets: string[] = [];
  for (let t = chart.from.getTime(); t < chart.to.getTime(); t += chart.interval === "hour" ? HOUR_MS : 24 * HOUR_MS) {
    buckets.push(new Date(chart.interval === "day" ? Math.floor(t / (24 * HOUR_MS)) * 24 * HOUR_MS : t).toISOString());
  }
  const reqAt = new Map(reqSeries.map((r) => [r.bucket, r]));
  const useAt = new Map(useSeries.map((u) => [u.bucket, u]));
  const costAt = new Map(costSeries.data.map((c) => [c.bucket, c.costUsd]));
  const series = [...new Set(buckets)].map((bucket) => {
    const t = totalsOf(reqAt.get(bucket), useAt.get(bucket), costAt.get(bucket) ?? 0);
    const point: Record<string, number | string | null> = { bucket, ...t };
    for (const name of scores) point[`score:${name}`] = qualitySeries.data.find((q) => q.bucket === bucket && q.name === name)?.avg ?? null;
    return point;
  });

  const ownerOf = new Map(owners.data.map((o) => [o.feature, o.ownerEmail]));
  const costOf = new Map(costByFeature.data.map((c) => [c.feature ?? "", c.costUsd]));
  const mainScore = scores[0] ?? null;
  const qualityOf = new Map(qualityByFeature.data.filter((q) => q.name === mainScore).map((q) => [q.feature ?? "", q.avg]));
  const featureNames = new Set([...reqByFeature.map((r) => r.feature ?? ""), ...costOf.keys()]);
  const features: FeatureRow[] = [...featureNames].map((feature) => {
    const r = reqByFeature.find((x) => x.feature === feature);
    const costUsd = costOf.get(feature) ?? 0;
    const requests = r?.requests ?? 0;
    return {
      feature, requests, errorRate: ratio(r?.errors ?? 0, requests), p95Ms: requests > 0 ? (r?.q[1] ?? null) : null,
      costUsd, costPerRequestUsd: ratio(costUsd, requests), quality: qualityOf.get(feature) ?? null, qualityScore: mainScore, owner: ownerOf.get(feature) ?? null,
    };
  }).sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || a.feature.localeCompare(b.feature));

  return {
    period, from: current.from.toISOString(), to: current.to.toISOString(),
    previous: { from: previous.from.toISOString(), to: previous.to.toISOString() },
    totals: totalsOf(reqNow[0], useNow[0], costNow.totals.costUsd),
    previousTotals: totalsOf(reqBefore[0], useBefore[0], costBefore.totals.costUsd),
    chart: { from: chart.from.toISOString(), to: chart.to.toISOString(), interval: chart.interval, scores, points: series },
    features,
    attention: needsAttention,
    unpricedModels: costNow.unpriced.length,
  };
}
export type Overview = Awaited<ReturnType<typeof overview>>;
