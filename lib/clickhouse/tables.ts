import type { Scope, TableRef } from "./sql";

// The ClickHouse tables of db/clickhouse/migrations, each a fragment: a query names a table as
// `${tables.spans}` and scopes it with `${tables.spans.scope}`, so the gateway can check that
// every table it reads carries its own project predicate (scope-guard.ts). All of them hold
// project_id; the materialized views only write into them and are never read.

export const CLICKHOUSE_TABLES = [
  "spans",
  "trace_index",
  "traces",
  "usage_hourly",
  "usage_daily",
  "usage_hourly_totals",
  "usage_daily_totals",
  "trace_usage",
  "session_traces",
  "request_stats_hourly",
  "scores",
  "logs",
  "metric_points",
] as const;
export type ClickHouseTable = (typeof CLICKHOUSE_TABLES)[number];

export type Table = TableRef & {
  readonly name: ClickHouseTable;
  /** The project predicate of this reference. */
  readonly scope: Scope;
  /**
   * The table as the target of INSERT ... SELECT: not a read, so it needs no scope of its own;
   * the SELECT's rows come from scoped reads (or carry the bound project id, then filtered by scope).
   */
  readonly target: TableRef;
  /** The same table under an alias (`spans AS s`), whose scope is `s.project_id = ...`. */
  as(alias: string): Table;
};

const ALIAS = /^[a-z_][a-z0-9_]*$/;

function table(name: ClickHouseTable, alias?: string): Table {
  if (alias !== undefined && !ALIAS.test(alias))
    throw new Error(`table alias ${JSON.stringify(alias)} is not a plain identifier`);
  return {
    kind: "table",
    name,
    alias,
    scope: { kind: "scope", table: name, alias },
    target: { kind: "table", name, written: true },
    as: (next: string) => table(name, next),
  };
}

export const tables = Object.fromEntries(CLICKHOUSE_TABLES.map((name) => [name, table(name)])) as Record<
  ClickHouseTable,
  Table
>;
