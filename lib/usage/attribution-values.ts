import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { num, sql, time } from "@/lib/clickhouse/sql";

// What the filter fields suggest: the tenants, features and models seen lately, busiest first,
// read from the daily usage rollup (a few thousand rows, never the spans).

const LOOKBACK_DAYS = 30;
const PER_DIMENSION = 200;

export type AttributionValues = { tenants: string[]; features: string[]; models: string[] };

export async function attributionValues({
  ctx,
  now = new Date(),
}: {
  ctx: ProjectContext;
  now?: Date;
}): Promise<AttributionValues> {
  requirePermission(ctx, "project.read");
  const rows = await queryRows<{ dimension: "tenant" | "feature" | "model"; value: string }>({
    projectId: ctx.projectId,
    tag: "usage.attribution_values",
    query: sql`
      SELECT dimension, value FROM (
        SELECT arrayJoin([('tenant', tenant), ('feature', feature), ('model', model)]) AS pair, pair.1 AS dimension, pair.2 AS value, sum(spans) AS n
        FROM ${tables.usage_daily} WHERE ${tables.usage_daily.scope} AND hour >= ${time(new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000))}
        GROUP BY pair HAVING value != ''
      ) ORDER BY n DESC, value LIMIT ${num(PER_DIMENSION)} BY dimension`,
  });
  const of = (d: string) => rows.filter((r) => r.dimension === d).map((r) => r.value);
  return { tenants: of("tenant"), features: of("feature"), models: of("model") };
}
