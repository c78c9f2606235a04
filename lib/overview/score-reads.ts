import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { sql, type Sql } from "@/lib/clickhouse/sql";
import { latestScores } from "@/lib/quality/latest-scores";
import {
  bucketOf,
  keyIf,
  present,
  spanOf,
  sumBy,
  windowNames,
  type Interval,
  type NamedWindow,
  type Split,
} from "./read-windows";

// The Overview's one read of quality scores for all its windows: the latest version of each
// score (as every quality read has it), per window and score name, split as each window asks.
// Averages are kept as sums and counts of numeric values, so any split adds up.

const BUCKET: Record<Interval, Sql> = { hour: sql`toStartOfHour(t)`, day: sql`toStartOfDay(t)` };

export type ScoreRow = {
  window: string;
  name: string;
  bucket?: string;
  feature?: string;
  source?: string;
  valueSum: number;
  valued: number;
  count: number;
};

export async function scoreReads(ctx: ProjectContext, windows: NamedWindow[], interval: Interval) {
  requirePermission(ctx, "project.read");
  const rows = await queryRows<Record<string, unknown>>({
    projectId: ctx.projectId,
    tag: "overview.scores",
    query: sql`
      SELECT w, toString(name) AS name, ${keyIf(windows, "bucket", BUCKET[interval])} AS bucket_key,
             ${keyIf(windows, "feature", sql`toString(feature)`)} AS feature_key, ${keyIf(windows, "source", sql`toString(source)`)} AS source_key,
             sum(value) AS value_sum, count(value) AS valued, count() AS count
      FROM (SELECT *, ${windowNames(windows, sql`toUnixTimestamp64Milli(t)`)} AS w FROM (${latestScores(spanOf(windows))}))
      GROUP BY w, name, bucket_key, feature_key, source_key`,
  });
  return rows.map(
    (r): ScoreRow => ({
      window: String(r.w),
      name: String(r.name),
      ...bucketOf(r.bucket_key),
      ...(present(r.feature_key) ? { feature: String(r.feature_key) } : {}),
      ...(present(r.source_key) ? { source: String(r.source_key) } : {}),
      valueSum: Number(r.value_sum ?? 0),
      valued: Number(r.valued),
      count: Number(r.count),
    }),
  );
}

export type ScoreGroup = {
  name: string;
  bucket?: string;
  feature?: string;
  source?: string;
  avg: number | null;
  count: number;
};

/** One window's scores per name, and by bucket, feature, or feature and source: average of numeric values and count. */
export function scoresOf(rows: ScoreRow[], window: string, by: Array<Exclude<Split, "tenant">> = []): ScoreGroup[] {
  const mine = rows.filter((r) => r.window === window && by.every((k) => r[k] !== undefined));
  const key = (r: ScoreRow) => [r.name, ...by.map((k) => r[k])].join("\u0000");
  const add = (a: ScoreRow, b: ScoreRow) => ({
    ...a,
    valueSum: a.valueSum + b.valueSum,
    valued: a.valued + b.valued,
    count: a.count + b.count,
  });
  return [...sumBy(mine, key, add).values()].map((r) => ({
    name: r.name,
    ...Object.fromEntries(by.map((k) => [k, r[k]])),
    avg: r.valued > 0 ? r.valueSum / r.valued : null,
    count: r.count,
  }));
}
