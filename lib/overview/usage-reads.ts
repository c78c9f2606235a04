import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { join, sql, str, type Sql } from "@/lib/clickhouse/sql";
import { readPricedUsage, unpricedUsage } from "@/lib/cost/priced-usage";
import { usageSource } from "@/lib/cost/usage-source";
import {
  BUCKET,
  bucketOf,
  keyIf,
  present,
  ratio,
  sumBy,
  type Interval,
  type NamedWindow,
  type Split,
} from "./read-windows";

export type UsageRow = {
  window: string;
  bucket?: string;
  feature?: string;
  tenant?: string;
  gpuType?: string;
  spans: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  ttftMsSum: number;
  ttftCount: number;
  tpotMsSum: number;
  tpotCount: number;
  gpuSeconds: number;
  costUsd: number;
};

const SUMS = [
  "spans",
  "inputTokens",
  "cachedInputTokens",
  "outputTokens",
  "ttftMsSum",
  "ttftCount",
  "tpotMsSum",
  "tpotCount",
  "gpuSeconds",
  "costUsd",
] as const;

const HOUR_MS = 3_600_000;
const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR_MS) * HOUR_MS);

/** The windows' usage rows, each tagged with its window (`w`); a window's rows are those the cost API reads for it. */
const tagged = (windows: NamedWindow[]): Sql =>
  join(
    windows.map(
      (w) =>
        sql`SELECT ${str(w.name)} AS w, * FROM (${usageSource(floorHour(w.from), ceilHour(w.to), w.hourly ?? false)})`,
    ),
    " UNION ALL ",
  );

/**
 * Usage per window, split as each window asks (bucket, feature, tenant and GPU type), in one
 * query. The `priced` windows are priced as the cost API prices them (the same rows, the same
 * price columns); the `tokensOnly` ones, which need no cost, skip the pricing, the read's main
 * work. Also how many models (or GPU types) went unpriced in the window `unpricedIn`.
 */
export async function usageReads(
  ctx: ProjectContext,
  {
    priced,
    tokensOnly,
    interval,
    unpricedIn,
  }: { priced: NamedWindow[]; tokensOnly: NamedWindow[]; interval: Interval; unpricedIn: string },
) {
  requirePermission(ctx, "project.read");
  const windows = [...priced, ...tokensOnly];
  // The same columns as the priced rows (source columns, then price_ix, rate_ix, rule_cost, cost_usd, unpriced).
  const unpricedRows = tokensOnly.length
    ? sql` UNION ALL SELECT *, toUInt32(0), toUInt32(0), CAST(NULL, 'Nullable(Float64)'), toFloat64(0), toUInt8(0) FROM (${tagged(tokensOnly)})`
    : sql``;
  const read = await readPricedUsage<Record<string, unknown> & { unpriced_rows: number }>({
    projectId: ctx.projectId,
    source: tagged(priced),
    tag: "overview.usage",
    select: (rows) => sql`
      SELECT w, ${keyIf(windows, "bucket", BUCKET[interval])} AS bucket_key, ${keyIf(windows, "feature", sql`toString(feature)`)} AS feature_key,
             ${keyIf(windows, "tenant", sql`toString(tenant)`)} AS tenant_key, ${keyIf(windows, "tenant", sql`toString(gpu_type)`)} AS gpu_key,
             sum(cost_usd) AS cost, sum(spans) AS spans, sum(unpriced) AS unpriced_rows,
             sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens, sum(output_tokens) AS output_tokens,
             sum(ttft_ms_sum) AS ttft_ms_sum, sum(ttft_count) AS ttft_count, sum(tpot_ms_sum) AS tpot_ms_sum, sum(tpot_count) AS tpot_count,
             sum(gpu_seconds) AS gpu_seconds
      FROM (${rows}${unpricedRows})
      GROUP BY w, bucket_key, feature_key, tenant_key, gpu_key`,
  });
  const unpricedHere = read.rows.some((r) => r.w === unpricedIn && Number(r.unpriced_rows) > 0);
  const unpriced = unpricedHere
    ? await unpricedUsage({ projectId: ctx.projectId, priced: read.priced, where: sql`w = ${str(unpricedIn)}` })
    : [];
  const rows = read.rows.map(
    (r): UsageRow => ({
      window: String(r.w),
      ...bucketOf(r.bucket_key),
      ...(present(r.feature_key) ? { feature: String(r.feature_key) } : {}),
      ...(present(r.tenant_key) ? { tenant: String(r.tenant_key), gpuType: String(r.gpu_key) } : {}),
      spans: Number(r.spans),
      inputTokens: Number(r.input_tokens),
      cachedInputTokens: Number(r.cached_input_tokens),
      outputTokens: Number(r.output_tokens),
      ttftMsSum: Number(r.ttft_ms_sum),
      ttftCount: Number(r.ttft_count),
      tpotMsSum: Number(r.tpot_ms_sum),
      tpotCount: Number(r.tpot_count),
      gpuSeconds: Number(r.gpu_seconds),
      costUsd: Number(r.cost),
    }),
  );
  return { rows, unpricedModels: unpriced.length };
}

function addUsage(a: UsageRow, b: UsageRow): UsageRow {
  const out = { ...a };
  for (const k of SUMS) out[k] = a[k] + b[k];
  return out;
}

type By = Exclude<Split, "source">;
const KEY: Record<By, (r: UsageRow) => string | undefined> = {
  bucket: (r) => r.bucket,
  feature: (r) => r.feature,
  tenant: (r) => (r.tenant === undefined ? undefined : `${r.tenant}\u0000${r.gpuType}`),
};
const KEEP: Record<By, (r: UsageRow) => Partial<UsageRow>> = {
  bucket: (r) => ({ bucket: r.bucket }),
  feature: (r) => ({ feature: r.feature }),
  tenant: (r) => ({ tenant: r.tenant, gpuType: r.gpuType }),
};
/** A sum carries only the key it was made by. */
const sumsOf = (r: UsageRow, keep: Partial<UsageRow> = {}): UsageRow => {
  const out: UsageRow = { window: r.window, ...keep } as UsageRow;
  for (const k of SUMS) out[k] = r[k];
  return out;
};

/** One window's usage in all (undefined without rows), or by bucket, feature or tenant and GPU type. */
export function usageOf(rows: UsageRow[], window: string): UsageRow | undefined;
export function usageOf(rows: UsageRow[], window: string, by: By): UsageRow[];
export function usageOf(rows: UsageRow[], window: string, by?: By) {
  const mine = rows.filter((r) => r.window === window);
  if (!by) {
    const all = sumBy(mine, undefined, addUsage).get("");
    return all && sumsOf(all);
  }
  return [...sumBy(mine, KEY[by], addUsage).values()].map((r) => sumsOf(r, KEEP[by](r)));
}

export const cacheRate = (u: Pick<UsageRow, "cachedInputTokens" | "inputTokens"> | undefined) =>
  u ? ratio(u.cachedInputTokens, u.inputTokens) : null;
