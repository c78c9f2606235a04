import "server-only";
import { z } from "zod";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { SPAN_KINDS } from "@/lib/domain/span/span-row";
import { costMetrics, type CostRow, type LatencySums } from "./cost-metrics";

// The /cost explorer: one period's cost broken down by one dimension, against the previous
// period, as a time series, as a Pareto curve, and with week-over-week deviation flags. Every
// figure is a costMetrics() read of the hourly usage rollup.

// user: the end user ("top users by cost"), from the usage rollups' user_id.
export const EXPLORER_DIMENSIONS = ["feature", "tenant", "model", "kind", "user"] as const;
export type Dimension = (typeof EXPLORER_DIMENSIONS)[number];
export const EXPLORER_RANGES = { "24h": 1, "7d": 7, "30d": 30, "90d": 90 } as const; // days
const DEFAULT_INTERVAL = { "24h": "hour", "7d": "day", "30d": "day", "90d": "day" } as const;

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => v || undefined);
/** URL state; each malformed value falls back to its default rather than failing the page. */
export const explorerParams = z.object({
  range: z.enum(Object.keys(EXPLORER_RANGES) as [keyof typeof EXPLORER_RANGES]).catch("30d"),
  interval: z.enum(["hour", "day", "month"]).optional().catch(undefined),
  by: z.enum(EXPLORER_DIMENSIONS).catch("feature"),
  tenant: optionalText.catch(undefined),
  feature: optionalText.catch(undefined),
  model: optionalText.catch(undefined),
  kind: z.enum(SPAN_KINDS).optional().catch(undefined),
  user: optionalText.catch(undefined),
});
export type ExplorerParams = z.infer<typeof explorerParams>;

/** A week-over-week move is flagged at ±20 % when the group is at least 1 % of the fortnight's cost. */
export const WOW_THRESHOLD = 0.2;
const WOW_MIN_SHARE = 0.01;
const SERIES_GROUPS = 6;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type BreakdownRow = {
  key: string;
  costUsd: number;
  share: number;
  previousCostUsd: number;
  changePct: number | null;
  inputTokens: number;
  outputTokens: number;
  gpuSeconds: number;
  spans: number;
  avgTimeToFirstTokenMs: number | null;
  avgTimePerOutputTokenMs: number | null;
  wow: { lastWeekUsd: number; weekBeforeUsd: number; changePct: number | null; flagged: boolean };
  cumulativeShare: number;
};

const pct = (now: number, before: number) => (before > 0 ? ((now - before) / before) * 100 : null);

/** Average time to first token and time per output token of the calls that reported them. */
export function latencyOf(s: LatencySums): {
  avgTimeToFirstTokenMs: number | null;
  avgTimePerOutputTokenMs: number | null;
} {
  return {
    avgTimeToFirstTokenMs: s.ttftCount > 0 ? s.ttftMsSum / s.ttftCount : null,
    avgTimePerOutputTokenMs: s.tpotCount > 0 ? s.tpotMsSum / s.tpotCount : null,
  };
}

function buckets(from: Date, to: Date, interval: "hour" | "day" | "month"): string[] {
  const out: string[] = [];
  const d = new Date(from);
  if (interval === "hour") d.setUTCMinutes(0, 0, 0);
  if (interval !== "hour") d.setUTCHours(0, 0, 0, 0);
  if (interval === "month") d.setUTCDate(1);
  while (d < to) {
    out.push(d.toISOString());
    if (interval === "hour") d.setUTCHours(d.getUTCHours() + 1);
    else if (interval === "day") d.setUTCDate(d.getUTCDate() + 1);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

export async function costExplorer({
  ctx,
  params,
  now = new Date(),
}: {
  ctx: ProjectContext;
  params: ExplorerParams;
  now?: Date;
}) {
  requirePermission(ctx, "project.read");
  const to = new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);
  const days = EXPLORER_RANGES[params.range];
  const from = new Date(to.getTime() - days * DAY_MS);
  const interval = params.interval ?? DEFAULT_INTERVAL[params.range];
  const filters = {
    tenant: params.tenant,
    feature: params.feature,
    model: params.model,
    kind: params.kind,
    user: params.user,
  };
  const by = params.by;
  const read = (f: Date, t: Date, withInterval = false) =>
    costMetrics({ ctx, query: { from: f, to: t, groupBy: [by], ...(withInterval ? { interval } : {}), ...filters } });
  const week = 7 * DAY_MS;
  const [current, previous, series, lastWeek, weekBefore] = await Promise.all([
    read(from, to),
    read(new Date(from.getTime() - days * DAY_MS), from),
    read(from, to, true),
    read(new Date(to.getTime() - week), to),
    read(new Date(to.getTime() - 2 * week), new Date(to.getTime() - week)),
  ]);

  const costOf = (rows: CostRow[]) => new Map(rows.map((r) => [r[by] ?? "", r.costUsd]));
  const prev = costOf(previous.data);
  const lw = costOf(lastWeek.data);
  const wb = costOf(weekBefore.data);
  const fortnight = lastWeek.totals.costUsd + weekBefore.totals.costUsd;
  const total = current.totals.costUsd;
  let cumulative = 0;
  const breakdown: BreakdownRow[] = [...current.data]
    .sort((a, b) => b.costUsd - a.costUsd || String(a[by]).localeCompare(String(b[by])))
    .map((r) => {
      const key = r[by] ?? "";
      const [last, before] = [lw.get(key) ?? 0, wb.get(key) ?? 0];
      const wowChange = pct(last, before);
      cumulative += r.costUsd;
      return {
        key,
        costUsd: r.costUsd,
        share: total > 0 ? r.costUsd / total : 0,
        previousCostUsd: prev.get(key) ?? 0,
        changePct: pct(r.costUsd, prev.get(key) ?? 0),
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        gpuSeconds: r.gpuSeconds,
        spans: r.spans,
        ...latencyOf(r),
        wow: {
          lastWeekUsd: last,
          weekBeforeUsd: before,
          changePct: wowChange,
          flagged:
            fortnight > 0 &&
            Math.max(last, before) >= WOW_MIN_SHARE * fortnight &&
            (wowChange === null ? last > 0 : Math.abs(wowChange) >= WOW_THRESHOLD * 100),
        },
        cumulativeShare: total > 0 ? cumulative / total : 0,
      };
    });

  // Pareto: how few groups make 80 % of the cost.
  const priced = breakdown.filter((r) => r.costUsd > 0);
  const paretoCount = priced.findIndex((r) => r.cumulativeShare >= 0.8) + 1;

  // Series: the largest groups by name, the rest as "other", every bucket present.
  const top = breakdown.slice(0, SERIES_GROUPS).map((r) => r.key);
  const seriesKeys = breakdown.length > SERIES_GROUPS ? [...top, "other"] : top;
  const points = new Map(
    buckets(from, to, interval).map((b) => [
      b,
      Object.fromEntries(seriesKeys.map((k) => [k, 0])) as Record<string, number>,
    ]),
  );
  for (const r of series.data) {
    const point = points.get(r.bucket ?? "");
    if (!point) continue;
    const key = top.includes(r[by] ?? "") ? (r[by] ?? "") : "other";
    point[key] = (point[key] ?? 0) + r.costUsd;
  }

  return {
    from: from.toISOString(),
    to: to.toISOString(),
    interval,
    by,
    totals: current.totals,
    latency: latencyOf(current.totals),
    previousTotals: previous.totals,
    changePct: pct(total, previous.totals.costUsd),
    breakdown,
    pareto: {
      groups: priced.length,
      groupsFor80Pct: paretoCount,
      shareOfGroups: priced.length ? paretoCount / priced.length : 0,
    },
    series: { keys: seriesKeys, points: [...points.entries()].map(([bucket, values]) => ({ bucket, ...values })) },
    flagged: breakdown.filter((r) => r.wow.flagged).length,
    unpriced: current.unpriced,
    catalogVersion: current.catalogVersion,
  };
}
export type CostExplorer = Awaited<ReturnType<typeof costExplorer>>;

/** The breakdown as CSV columns, for the export. */
export function breakdownCsvRows(result: CostExplorer) {
  return result.breakdown.map((r) => ({
    [result.by]: r.key,
    cost_usd: r.costUsd.toFixed(6),
    share_pct: (r.share * 100).toFixed(2),
    previous_cost_usd: r.previousCostUsd.toFixed(6),
    change_pct: r.changePct === null ? "" : r.changePct.toFixed(2),
    wow_change_pct: r.wow.changePct === null ? "" : r.wow.changePct.toFixed(2),
    wow_flag: r.wow.flagged ? "yes" : "",
    input_tokens: r.inputTokens,
    output_tokens: r.outputTokens,
    gpu_seconds: r.gpuSeconds.toFixed(3),
    spans: r.spans,
  }));
}
