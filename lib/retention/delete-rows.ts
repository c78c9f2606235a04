import "server-only";
import { queryRows, runCommand } from "@/lib/clickhouse/query";
import { sql, type Sql } from "@/lib/clickhouse/sql";
import { CLICKHOUSE_TABLES, tables, type ClickHouseTable } from "@/lib/clickhouse/tables";

// Removal by project, shared by retention, project deletion and privacy requests. Lightweight
// DELETE: the rows are masked at once (every read stops seeing them when the statement returns)
// and dropped from disk by later merges; only the mask column is written, not whole parts.
// Counting first keeps a pass with nothing to remove to one cheap read per table.

// The closed list of tables lives with their fragments (lib/clickhouse/tables.ts).
export { CLICKHOUSE_TABLES, type ClickHouseTable };

export async function countRows(projectId: string, table: ClickHouseTable, where: Sql, tag: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>({
    projectId,
    tag: `${tag}.count`,
    query: sql`SELECT count() AS n FROM ${tables[table]} WHERE ${tables[table].scope} AND ${where}`,
  });
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
    query: sql`DELETE FROM ${tables[table]} WHERE ${tables[table].scope} AND ${where} SETTINGS lightweight_deletes_sync = 2`,
  });
  return rows;
}

/** A mutation that rewrites columns of the project's matching rows, waited for. */
export async function updateRows(
  projectId: string,
  table: ClickHouseTable,
  assignments: Sql,
  where: Sql,
  tag: string,
): Promise<number> {
  const rows = await countRows(projectId, table, where, tag);
  if (rows === 0) return 0;
  await runCommand({
    projectId,
    tag,
    query: sql`ALTER TABLE ${tables[table]} UPDATE ${assignments} WHERE ${tables[table].scope} AND ${where} SETTINGS mutations_sync = 2`,
  });
  return rows;
}
