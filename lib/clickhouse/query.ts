import "server-only";
import { clickhouse, ClickHouseError, dedupSettings, type RowBinaryColumns } from "@/db/clickhouse/client";
import { RowEncodingError } from "@/db/clickhouse/row-binary";
import { scopeViolation } from "./scope-guard";
import { PROJECT_PARAM, render, sql, str, type Sql } from "./sql";
import { StoreError } from "@/db/store-error";

// The one gateway from lib/ to ClickHouse. Reads must be scoped: the caller passes the
// project id, every table the fragment names (`tables.x`) carries its own `tables.x.scope`
// (checked before anything runs, scope-guard.ts), and every value is a bound parameter.

export type ProjectQuery = { projectId: string; query: Sql; tag: string };
/** An INSERT ... SELECT that a replay must not repeat carries a deduplication token (see `insertRows`). */
export type ProjectCommand = ProjectQuery & { dedupToken?: string };

// Engine errors caused by the data inserted: parsing and conversion (6, 25, 26, 27, 38, 41, 53,
// 69, 70, 72, 117, 131, 321, 349, 407) and, under 252, too many partitions for one insert
// block (252 also means "too many parts", which is overload).
const REJECTED_DATA_CODES = new Set([
  "6",
  "25",
  "26",
  "27",
  "38",
  "41",
  "53",
  "69",
  "70",
  "72",
  "117",
  "131",
  "321",
  "349",
  "407",
]);
const TOO_MANY_PARTITIONS = /partitions for (a )?single insert block/i;

function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if (error instanceof RowEncodingError) return new StoreError("clickhouse_rejected", error.message, { cause: error });
  // The chdb connection raises its own copy of ClickHouseError, so match on the numeric code.
  const code = (error as { code?: unknown }).code;
  if (error instanceof ClickHouseError || (typeof code === "string" && /^\d+$/.test(code))) {
    const message = (error as Error).message;
    if (REJECTED_DATA_CODES.has(String(code)) || (String(code) === "252" && TOO_MANY_PARTITIONS.test(message))) {
      return new StoreError("clickhouse_rejected", message, { cause: error });
    }
    const overloaded = ["241", "159", "202", "160", "252"].includes(String(code)); // memory, timeout, too many queries, too many parts
    return new StoreError(overloaded ? "clickhouse_overloaded" : "clickhouse_query", message, { cause: error });
  }
  return new StoreError("clickhouse_unavailable", error instanceof Error ? error.message : String(error), {
    cause: error,
  });
}

function renderScoped({ projectId, query, tag }: ProjectQuery) {
  if (!projectId) throw new StoreError("clickhouse_query", "projectId is required");
  const violation = scopeViolation(query);
  if (violation) throw new StoreError("clickhouse_query", `query "${tag}" ${violation}`);
  return render(query);
}

export async function queryRows<Row>({ projectId, query, tag }: ProjectQuery): Promise<Row[]> {
  const { text, params } = renderScoped({ projectId, query, tag });
  try {
    const { client } = await clickhouse();
    const result = await client.query({
      query: text,
      query_params: { ...params, [PROJECT_PARAM]: projectId },
      format: "JSONEachRow",
      clickhouse_settings: { log_comment: JSON.stringify({ tag, projectId }) },
    });
    return await result.json<Row>();
  } catch (error) {
    throw toStoreError(error);
  }
}

/** A scoped statement with no result rows (INSERT ... SELECT, ALTER ... DELETE). */
export async function runCommand({ projectId, query, tag, dedupToken }: ProjectCommand): Promise<void> {
  const { text, params } = renderScoped({ projectId, query, tag });
  try {
    const { client } = await clickhouse();
    await client.command({
      query: text,
      query_params: { ...params, [PROJECT_PARAM]: projectId },
      clickhouse_settings: { log_comment: JSON.stringify({ tag, projectId }), ...dedupSettings(dedupToken) },
    });
  } catch (error) {
    throw toStoreError(error);
  }
}

/** Inserts rows that each carry their own project_id (one batch may hold several projects). */
/** With `dedupToken`, a second insert under the same token is dropped by the engine (the ingest log's replay). */
export async function insertRows<Row extends { project_id: string }>(
  table: string,
  rows: Row[],
  dedupToken?: string,
): Promise<void> {
  if (rows.length === 0) return;
  if (rows.some((row) => !row.project_id)) throw new StoreError("clickhouse_query", "every row needs a project_id");
  try {
    await (await clickhouse()).insertRows(table, rows, dedupToken);
  } catch (error) {
    throw toStoreError(error);
  }
}

/** Inserts RowBinary rows of `columns` (the ingest log's span records), with the same error mapping as `insertRows`. */
export async function insertRowBinary(
  table: string,
  columns: RowBinaryColumns,
  body: Buffer,
  dedupToken?: string,
): Promise<void> {
  if (body.length === 0) return;
  try {
    await (await clickhouse()).insertRowBinary(table, columns, body, dedupToken);
  } catch (error) {
    throw toStoreError(error);
  }
}

/** Liveness of the store, for /api/health. */
export async function pingClickHouse(): Promise<boolean> {
  try {
    const { client } = await clickhouse();
    const result = await client.query({ query: "SELECT 1 AS ok", format: "JSONEachRow" });
    const rows = await result.json<{ ok: number }>();
    return rows[0]?.ok === 1;
  } catch {
    return false;
  }
}

export { sql, str, StoreError };
