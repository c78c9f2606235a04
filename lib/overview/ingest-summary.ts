import "server-only";
import { projectScope, queryRows } from "@/lib/clickhouse/query";
import { sql, time } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";

export type IngestSummary = { spansLastDay: number; tracesLastDay: number; lastSpanAt: Date | null };

/** What the Overview says about incoming data: counted by ClickHouse, nothing invented. */
export async function ingestSummary({ ctx, now = new Date() }: { ctx: ProjectContext; now?: Date }): Promise<IngestSummary> {
  requirePermission(ctx, "project.read");
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [row] = await queryRows<{ spans: number; traces: number; last: string; any: number }>({
    projectId: ctx.projectId,
    tag: "overview.ingest_summary",
    query: sql`
      SELECT countIf(start_time >= ${time(dayAgo)}) AS spans,
             uniqExactIf(trace_id, start_time >= ${time(dayAgo)}) AS traces,
             toString(max(start_time)) AS last, count() AS any
      FROM spans WHERE ${projectScope()}`,
  });
  return {
    spansLastDay: Number(row?.spans ?? 0),
    tracesLastDay: Number(row?.traces ?? 0),
    lastSpanAt: row && Number(row.any) > 0 ? fromClickHouseTime(row.last) : null,
  };
}
