import "server-only";
import { sql } from "@/lib/clickhouse/sql";
import { CLICKHOUSE_TABLES, deleteRows, type ClickHouseTable } from "./delete-rows";

/** Every ClickHouse row of a project, table by table; answers the rows removed per table. */
export async function purgeProjectRows(projectId: string): Promise<Record<ClickHouseTable, number>> {
  const removed = {} as Record<ClickHouseTable, number>;
  for (const table of CLICKHOUSE_TABLES)
    removed[table] = await deleteRows(projectId, table, sql`1`, `project.purge.${table}`);
  return removed;
}
