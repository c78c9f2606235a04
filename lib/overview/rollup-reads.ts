import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { sql, time, type Sql } from "@/lib/clickhouse/sql";
import { tables } from "@/lib/clickhouse/tables";
import { usageSource } from "@/lib/cost/usage-source";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";

// The Overview's two rollup reads: requests (root spans) and usage, by bucket and/or feature.

export type Interval = "hour" | "day";
export type Window = { from: Date; to: Date };
const BUCKET: Record<Interval, Sql> = { hour: sql`hour`, day: sql`toStartOfDay(hour)` };

type Grouping = { feature?: boolean; interval?: Interval };

/** The leading SELECT keys and the GROUP BY of a read by bucket and/or feature (none: one total row). */
function grouping(group: Grouping): { select: Sql; groupBy: Sql } {
  if (group.interval && group.feature) {
    return {
      select: sql`${BUCKET[group.interval]} AS bucket, toString(feature) AS feature, `,
      groupBy: sql`GROUP BY bucket, feature`,
    };
  }
  if (group.interval)
    return { select: sql`${BUCKET[group.interval]} AS bucket, `, groupBy: sql`GROUP BY bucket ORDER BY bucket` };
  if (group.feature) return { select: sql`toString(feature) AS feature, `, groupBy: sql`GROUP BY feature` };
  return { select: sql``, groupBy: sql`` };
}

export type RequestRow = { bucket?: string; feature?: string; requests: number; errors: number; q: number[] };

export async function requestStats(ctx: ProjectContext, w: Window, group: Grouping): Promise<RequestRow[]> {
  requirePermission(ctx, "project.read");
  const { select, groupBy } = grouping(group);
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
    requests: Number(r.requests),
    errors: Number(r.errors),
    q: (r.q ?? []).map(Number),
  }));
}

export type UsageRow = {
  bucket?: string;
  feature?: string;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  ttftMsSum: number;
  ttftCount: number;
  tpotMsSum: number;
  tpotCount: number;
  gpuSeconds: number;
};

export async function usageStats(ctx: ProjectContext, w: Window, group: Grouping): Promise<UsageRow[]> {
  requirePermission(ctx, "project.read");
  const { select, groupBy } = grouping(group);
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
    inputTokens: Number(r.input_tokens),
    cachedInputTokens: Number(r.cached_input_tokens),
    outputTokens: Number(r.output_tokens),
    ttftMsSum: Number(r.ttft_ms_sum),
    ttftCount: Number(r.ttft_count),
    tpotMsSum: Number(r.tpot_ms_sum),
    tpotCount: Number(r.tpot_count),
    gpuSeconds: Number(r.gpu_seconds),
  }));
}

export const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
export const cacheRate = (u: Pick<UsageRow, "cachedInputTokens" | "inputTokens"> | undefined) =>
  u ? ratio(u.cachedInputTokens, u.inputTokens) : null;
