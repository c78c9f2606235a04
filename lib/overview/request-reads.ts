import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { sql, time } from "@/lib/clickhouse/sql";
import { tables } from "@/lib/clickhouse/tables";
import { BUCKET, bucketOf, present, spanOf, windowNames, type Interval, type NamedWindow } from "./read-windows";

export type RequestRow = {
  window: string;
  bucket?: string;
  feature?: string;
  requests: number;
  errors: number;
  q: number[];
};

/**
 * Requests (root spans), errors and latency p50/p95/p99 per window: in all, by bucket and by
 * feature (GROUPING SETS: percentiles do not add up, so each grouping merges its own digests).
 */
export async function requestReads(ctx: ProjectContext, windows: NamedWindow[], interval: Interval) {
  requirePermission(ctx, "project.read");
  const all = spanOf(windows);
  const rows = await queryRows<Record<string, unknown>>({
    projectId: ctx.projectId,
    tag: "overview.requests",
    query: sql`
      SELECT w, ${BUCKET[interval]} AS bucket, toString(feature) AS feature,
             sum(requests) AS requests, sum(errors) AS errors, quantilesTDigestMerge(0.5, 0.95, 0.99)(duration_ms) AS q
      FROM (
        SELECT *, ${windowNames(windows, sql`toInt64(toUnixTimestamp(hour)) * 1000`)} AS w
        FROM ${tables.request_stats_hourly}
        WHERE ${tables.request_stats_hourly.scope} AND hour >= ${time(all.from)} AND hour < ${time(all.to)})
      GROUP BY GROUPING SETS ((w), (w, bucket), (w, feature))
      SETTINGS group_by_use_nulls = 1`,
  });
  return rows.map(
    (r): RequestRow => ({
      window: String(r.w),
      ...bucketOf(r.bucket),
      ...(present(r.feature) ? { feature: String(r.feature) } : {}),
      requests: Number(r.requests),
      errors: Number(r.errors),
      q: ((r.q as unknown[] | null) ?? []).map(Number),
    }),
  );
}

/** The rows of one window and grouping: in all (no key), by bucket or by feature. */
export function requestsOf(rows: RequestRow[], window: string, by: "all" | "bucket" | "feature"): RequestRow[] {
  return rows.filter(
    (r) =>
      r.window === window && (by === "all" ? r.bucket === undefined && r.feature === undefined : r[by] !== undefined),
  );
}
