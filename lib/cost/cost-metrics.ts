import "server-only";
import { z } from "zod";
import { commaList } from "@/lib/api/query-fields";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { ident, identFor, join, param, sql, str, type Sql } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { SPAN_KINDS } from "@/lib/domain/span/span-row";
import { ServiceError } from "@/lib/api/errors";
import { readPricedUsage, unpricedUsage } from "./priced-usage";
import { sessionUsageSource } from "./session-usage-source";
import { usageSource } from "./usage-source";

// gpuType: "" for token-priced usage, the GPU type for usage priced by GPU time.
// user: the end user (the span's, else its trace's); session: the conversation (see session-usage-source.ts).
const GROUPS = ["tenant", "feature", "model", "kind", "gpuType", "user", "session"] as const;
type Group = (typeof GROUPS)[number];
const isoDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const costQuery = z.object({
  from: isoDate,
  to: isoDate,
  groupBy: commaList(GROUPS, "group"),
  interval: z.enum(["hour", "day", "month"]).optional(),
  tenant: z.string().max(200).optional(),
  feature: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  kind: z.enum(SPAN_KINDS).optional(),
  user: z.string().max(256).optional(),
  /** The most expensive groups only (with groupBy); groupBy=session defaults to 100. Totals cover every group. */
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
export type CostQuery = z.infer<typeof costQuery>;

const GROUP_SQL: Record<Group, string> = {
  tenant: "tenant",
  feature: "feature",
  model: "model",
  kind: "kind",
  gpuType: "gpu_type",
  user: "user_id",
  session: "session_id",
};
const BUCKET_SQL = {
  hour: sql`hour`,
  day: sql`toStartOfDay(hour)`,
  month: sql`toDateTime(toStartOfMonth(hour), 'UTC')`,
} as const;

/** TTFT and TPOT as sums and counts (an average is sum / count, over any grouping). */
export type LatencySums = { ttftMsSum: number; ttftCount: number; tpotMsSum: number; tpotCount: number };
export type CostRow = Partial<Record<Group | "bucket", string>> & {
  costUsd: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  gpuSeconds: number;
  spans: number;
} & LatencySums;
type Row = Record<string, string | number> & {
  unpriced_rows: number;
  cost: number;
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  gpu_seconds: number;
  spans: number;
  ttft_ms_sum: number;
  ttft_count: number;
  tpot_ms_sum: number;
  tpot_count: number;
};

const DEFAULT_SESSION_LIMIT = 100;
// The totals' names and the grouped columns they sum (also their window-sum aliases when limited).
const TOTAL_SQL: Record<string, string> = {
  costUsd: "cost",
  inputTokens: "input_tokens",
  cachedInputTokens: "cached_input_tokens",
  outputTokens: "output_tokens",
  gpuSeconds: "gpu_seconds",
  spans: "spans",
  ttftMsSum: "ttft_ms_sum",
  ttftCount: "ttft_count",
  tpotMsSum: "tpot_ms_sum",
  tpotCount: "tpot_count",
};
const TOTAL_COLUMNS = Object.keys(TOTAL_SQL);
const ALL_SQL = Object.fromEntries(TOTAL_COLUMNS.map((c) => [c, `all_${TOTAL_SQL[c]}`]));

const HOUR_MS = 3_600_000;
const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR_MS) * HOUR_MS);

/**
 * Cost = usage × price, in ClickHouse over the hourly usage rollup, grouped by any of tenant,
 * feature, model and kind. `from` and `to` widen to whole hours (the rollup's grain); the answer
 * says which range it covers. Unpriced usage is reported, never zero.
 */
export async function costMetrics({ ctx, query }: { ctx: ProjectContext; query: CostQuery }) {
  requirePermission(ctx, "project.read");
  if (query.from >= query.to) throw new ServiceError("bad_request", "from: must be before to", "from");
  const from = floorHour(query.from);
  const to = ceilHour(query.to);
  const bySession = query.groupBy.includes("session");
  if (bySession && (query.kind !== undefined || query.groupBy.includes("kind")))
    throw new ServiceError("bad_request", "groupBy: session cannot be combined with kind", "groupBy");
  const byUser = query.user !== undefined || query.groupBy.includes("user");
  const source = bySession
    ? sessionUsageSource(from, to)
    : usageSource(from, to, query.interval === "hour", { byUser });

  const filters: Sql[] = [sql`1`];
  if (query.tenant !== undefined) filters.push(sql`tenant = ${str(query.tenant)}`);
  if (query.feature !== undefined) filters.push(sql`feature = ${str(query.feature)}`);
  if (query.model !== undefined) filters.push(sql`model = ${str(query.model)}`);
  if (query.kind !== undefined) filters.push(sql`kind = ${str(query.kind)}`);
  if (query.user !== undefined) filters.push(sql`user_id = ${str(query.user)}`);
  const keyNames = [...(query.interval ? [sql`bucket`] : []), ...query.groupBy.map((g) => sql`${ident(g, GROUPS)}`)];
  const keys = [
    ...(query.interval ? [sql`${BUCKET_SQL[query.interval]} AS bucket`] : []),
    ...query.groupBy.map((g) => sql`${identFor(g, GROUP_SQL)} AS ${ident(g, GROUPS)}`),
  ];
  const groupBy = keys.length ? sql`GROUP BY ${join(keyNames, ", ")} HAVING spans != 0 ORDER BY cost DESC` : sql``;
  const limit = keys.length ? (query.limit ?? (bySession ? DEFAULT_SESSION_LIMIT : undefined)) : undefined;

  const { pricing, priced, rows, anyUnpriced } = await readPricedUsage<Row>({
    projectId: ctx.projectId,
    source,
    where: join(filters, " AND "),
    tag: "cost.metrics",
    select: (priced) => {
      const grouped = sql`
        SELECT ${keys.length ? sql`${join(keys, ", ")},` : sql``}
               sum(cost_usd) AS cost, sum(input_tokens) AS input_tokens, sum(cached_input_tokens) AS cached_input_tokens,
               sum(output_tokens) AS output_tokens, sum(gpu_seconds) AS gpu_seconds, sum(spans) AS spans, sum(unpriced) AS unpriced_rows,
               sum(ttft_ms_sum) AS ttft_ms_sum, sum(ttft_count) AS ttft_count, sum(tpot_ms_sum) AS tpot_ms_sum, sum(tpot_count) AS tpot_count
        FROM (${priced})
        ${groupBy}`;
      // The top groups, with every group's totals and count beside them (window sums before the LIMIT).
      return limit === undefined
        ? grouped
        : sql`SELECT *, count() OVER () AS group_count, ${join(
            TOTAL_COLUMNS.map((c) => sql`sum(${identFor(c, TOTAL_SQL)}) OVER () AS ${identFor(c, ALL_SQL)}`),
            ", ",
          )} FROM (${grouped}) ORDER BY cost DESC LIMIT ${param(limit, "UInt32")}`;
    },
  });
  // Usage without a price is rare: list it only when the main read saw some.
  const unpriced = anyUnpriced ? await unpricedUsage({ projectId: ctx.projectId, priced }) : [];

  const data = rows.map((r): CostRow => {
    const out: Partial<Record<Group | "bucket", string>> = {};
    if (query.interval) out.bucket = fromClickHouseTime(String(r.bucket)).toISOString();
    for (const g of query.groupBy) out[g] = String(r[g]);
    return {
      ...out,
      costUsd: Number(r.cost),
      inputTokens: Number(r.input_tokens),
      cachedInputTokens: Number(r.cached_input_tokens),
      outputTokens: Number(r.output_tokens),
      gpuSeconds: Number(r.gpu_seconds),
      spans: Number(r.spans),
      ttftMsSum: Number(r.ttft_ms_sum),
      ttftCount: Number(r.ttft_count),
      tpotMsSum: Number(r.tpot_ms_sum),
      tpotCount: Number(r.tpot_count),
    };
  });
  const first = rows[0];
  const totals: Omit<CostRow, Group | "bucket"> =
    limit === undefined || !first
      ? data.reduce(
          (t, r) => ({
            costUsd: t.costUsd + r.costUsd,
            inputTokens: t.inputTokens + r.inputTokens,
            cachedInputTokens: t.cachedInputTokens + r.cachedInputTokens,
            outputTokens: t.outputTokens + r.outputTokens,
            gpuSeconds: t.gpuSeconds + r.gpuSeconds,
            spans: t.spans + r.spans,
            ttftMsSum: t.ttftMsSum + r.ttftMsSum,
            ttftCount: t.ttftCount + r.ttftCount,
            tpotMsSum: t.tpotMsSum + r.tpotMsSum,
            tpotCount: t.tpotCount + r.tpotCount,
          }),
          {
            costUsd: 0,
            inputTokens: 0,
            cachedInputTokens: 0,
            outputTokens: 0,
            gpuSeconds: 0,
            spans: 0,
            ttftMsSum: 0,
            ttftCount: 0,
            tpotMsSum: 0,
            tpotCount: 0,
          },
        )
      : (Object.fromEntries(TOTAL_COLUMNS.map((c) => [c, Number(first[ALL_SQL[c]!])])) as Omit<
          CostRow,
          Group | "bucket"
        >);
  return {
    data,
    totals,
    /** How many groups there are in all (the rows are the `limit` most expensive of them). */
    groups: limit === undefined || !first ? data.length : Number(first.group_count),
    unpriced,
    from: from.toISOString(),
    to: to.toISOString(),
    catalogVersion: pricing.catalogVersion,
  };
}
