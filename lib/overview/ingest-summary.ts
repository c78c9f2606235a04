import "server-only";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, time } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";

export type IngestSummary = { spansLastDay: number; tracesLastDay: number; lastSpanAt: Date | null };

/**
 * What the Overview says about incoming data: counted by ClickHouse, nothing invented. Read from
 * `trace_index` (one narrow row per stored span, keyed by project and start time), which answers
 * all three figures exactly as `spans` did: the last day is a key range, the last span the
 * range's end. usage_hourly counts spans by the hour only and outlives them (cost retention);
 * the `traces` rollup knows a trace's first span, not which of its spans fell in the last day.
 */
export async function ingestSummary({
  ctx,
  now = new Date(),
}: {
  ctx: ProjectContext;
  now?: Date;
}): Promise<IngestSummary> {
  requirePermission(ctx, "project.read");
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [row] = await queryRows<{ spans: number; traces: number; last: string | null }>({
    projectId: ctx.projectId,
    tag: "overview.ingest_summary",
    query: sql`
      SELECT count() AS spans, uniqExact(trace_id) AS traces,
             (SELECT toString(start_time) FROM ${tables.trace_index} WHERE ${tables.trace_index.scope} ORDER BY start_time DESC LIMIT 1) AS last
      FROM ${tables.trace_index} WHERE ${tables.trace_index.scope} AND start_time >= ${time(dayAgo)}`,
  });
  return {
    spansLastDay: Number(row?.spans ?? 0),
    tracesLastDay: Number(row?.traces ?? 0),
    lastSpanAt: row?.last ? fromClickHouseTime(row.last) : null,
  };
}
