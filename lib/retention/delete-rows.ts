import "server-only";
import { projectScope, queryRows, runCommand } from "@/lib/clickhouse/query";
import { raw, sql, type Sql } from "@/lib/clickhouse/sql";

// Removal by project, shared by retention, project deletion and privacy requests. Lightweight
// DELETE: the rows are masked at once (every read stops seeing them when the statement returns)
// and dropped from disk by later merges; only the mask column is written, not whole parts.
// Counting first keeps a pass with nothing to remove to one cheap read per table.

export const CLICKHOUSE_TABLES = ["spans", "trace_index", "traces", "usage_hourly", "usage_daily", "trace_usage", "request_stats_hourly", "scores", "logs", "metric_points"] as const;
export type ClickHouseTable = (typeof CLICKHOUSE_TABLES)[number];

export async function countRows(projectId: string, table: ClickHouseTable, where: Sql, tag: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>({ projectId, tag: `${tag}.count`, query: sql`SELECT count() AS n FROM ${raw(table)} WHERE ${projectScope()} AND ${where}` });
  return Number(row?.n ?? 0);
}

/** Removes the project's rows of `table` matching `where`; answers how many there were. */
export async function deleteRows(projectId: string, table: ClickHouseTable, where: Sql, tag: string): Promise<number> {
  const rows = await countRows(projectId, table, where, tag);
  if (rows === 0) return 0;
  await runCommand({
    projectId,
    tag,
    // Synchronous on every replica: the caller reports what is gone, and the next step may rely on it.
    query: sql`DELETE FROM ${raw(table)} WHERE ${projectScope()} AND ${where} SETTINGS lightweight_deletes_sync = 2`,
  });
  return rows;
}

/** A mutation that rewrites columns of the project's matching rows, waited for. */
export async function updateRows(projectId: string, table: ClickHouseTable, assignments: Sql, where: Sql, tag: string): Promise<number> {
  const rows = await countRows(projectId, table, where, tag);
  if (rows === 0) return 0;
  await runCommand({
    projectId,
    tag,
    query: sql`ALTER TABLE ${raw(table)} UPDATE ${assignments} WHERE ${projectScope()} AND ${where} SETTINGS mutations_sync = 2`,
  });
  return rows;
}
