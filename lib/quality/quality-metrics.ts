import "server-only";
import { z } from "zod";
import { commaList } from "@/lib/api/query-fields";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { ident, join, sql, type Sql } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { orphanedScores } from "@/lib/scores/resolve-scores";
import { dimensionColumn, latestScores, QUALITY_DIMENSIONS, type QualityDimension } from "./latest-scores";

// GET /api/v1/metrics/quality: average and count of scores, by score name and the requested
// dimensions, optionally per time bucket. The average is over numeric values; `count` counts
// every score, `labels` counts categorical labels.

const BUCKET_OF = { hour: sql`toStartOfHour(t)`, day: sql`toStartOfDay(t)`, month: sql`toStartOfMonth(t)` } as const;

export const qualityMetricsQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    // The score name is always a group: averaging different scores together means nothing.
    groupBy: commaList(QUALITY_DIMENSIONS, "dimension").transform((list) => [
      ...new Set<QualityDimension>(["name", ...list]),
    ]),
    interval: z.enum(["hour", "day", "month"]).optional(),
    name: z.string().min(1).optional(),
    source: z.string().min(1).optional(),
    model: z.string().optional(),
    promptVersion: z.string().optional(),
    feature: z.string().optional(),
    tenant: z.string().optional(),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), {
    message: "from must be before to",
    path: ["from"],
  });
export type QualityMetricsQuery = z.infer<typeof qualityMetricsQuery>;

/** One group: its dimension values (name, model, ...), average of numeric values, count of scores, label counts. */
export type QualityPoint = {
  bucket?: string;
  avg: number | null;
  count: number;
  labels: Record<string, number>;
} & Partial<Record<QualityDimension, string>>;
type Row = Record<string, unknown> & { avg: number | null; count: number; labels: Record<string, number> };

/** The API's answer: the score groups, and how many scores still wait for their trace. */
export async function qualityMetrics({ ctx, query }: { ctx: ProjectContext; query: QualityMetricsQuery }) {
  requirePermission(ctx, "project.read");
  const [points, orphaned] = await Promise.all([
    qualityPoints({ ctx, query }),
    orphanedScores(ctx.projectId, { limit: 0 }),
  ]);
  return { ...points, orphaned: orphaned.count };
}

/** Average, count and labels of the latest scores per group (the Overview reads only these). */
export async function qualityPoints({ ctx, query }: { ctx: ProjectContext; query: QualityMetricsQuery }) {
  requirePermission(ctx, "project.read");
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 7 * 86_400_000);
  const dims = query.groupBy;
  const keys: Sql[] = dims.map((d) => sql`${dimensionColumn(d)} AS ${ident(d, QUALITY_DIMENSIONS)}`);
  if (query.interval) keys.unshift(sql`${BUCKET_OF[query.interval]} AS bucket`);
  const groupNames = join(
    [...(query.interval ? [sql`bucket`] : []), ...dims.map((d) => sql`${ident(d, QUALITY_DIMENSIONS)}`)],
    ", ",
  );
  const rows = await queryRows<Row>({
    projectId: ctx.projectId,
    tag: "quality.metrics",
    query: sql`
      SELECT ${join(keys, ", ")}, avgIf(value, value IS NOT NULL) AS avg, count() AS count,
             sumMapIf(map(label, toUInt64(1)), label != '') AS labels
      FROM (${latestScores({ ...query, from, to })})
      GROUP BY ${groupNames} ORDER BY ${groupNames}`,
  });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    data: rows.map(
      (r): QualityPoint => ({
        ...(query.interval ? { bucket: fromClickHouseTime(String(r.bucket)).toISOString() } : {}),
        ...Object.fromEntries(dims.map((d) => [d, String(r[d])])),
        avg: r.avg === null || Number.isNaN(r.avg) ? null : r.avg,
        count: Number(r.count),
        labels: Object.fromEntries(Object.entries(r.labels).map(([label, n]) => [label, Number(n)])),
      }),
    ),
  };
}
