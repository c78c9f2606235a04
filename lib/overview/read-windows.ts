import { param, sql, strs, type Sql } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";

// The Overview reads each rollup once for every window it shows (this period, the one before,
// the chart, the attention list's weeks and month): on the embedded engine queries run one at a
// time, so a query's fixed cost counts once per rollup, not once per window and grouping.

export type Interval = "hour" | "day";
export type Window = { from: Date; to: Date };
/** What a window's rows are split by (beside the window); none: one row per window. */
export type Split = "bucket" | "feature" | "tenant" | "source";
/** A window of a read; `hourly` reads usage from hourly rows throughout (for hour buckets). */
export type NamedWindow = Window & { name: string; by?: Split[]; hourly?: boolean };

export const BUCKET: Record<Interval, Sql> = { hour: sql`hour`, day: sql`toStartOfDay(hour)` };

/** The names of the windows a row's time (epoch ms, `ms`) falls in: one row per window, by arrayJoin. */
export function windowNames(windows: NamedWindow[], ms: Sql): Sql {
  const names = strs(windows.map((w) => w.name));
  const froms = param(
    windows.map((w) => w.from.getTime()),
    "Array(Int64)",
  );
  const tos = param(
    windows.map((w) => w.to.getTime()),
    "Array(Int64)",
  );
  return sql`arrayJoin(arrayFilter((window_name, window_from, window_to) -> ${ms} >= window_from AND ${ms} < window_to, ${names}, ${froms}, ${tos}))`;
}

/** `expr` for rows of the windows split by `split`, NULL for the others (so they group together). */
export function keyIf(windows: NamedWindow[], split: Split, expr: Sql): Sql {
  return sql`if(has(${strs(windows.filter((w) => w.by?.includes(split)).map((w) => w.name))}, w), ${expr}, NULL)`;
}

/** The range covering every window. */
export const spanOf = (windows: Window[]): Window => ({
  from: new Date(Math.min(...windows.map((w) => w.from.getTime()))),
  to: new Date(Math.max(...windows.map((w) => w.to.getTime()))),
});

/** A key a row is not split by reads NULL. */
export const present = (value: unknown): value is string | number => value !== null && value !== undefined;
export const bucketOf = (value: unknown) =>
  present(value) ? { bucket: fromClickHouseTime(String(value)).toISOString() } : {};

/** Rows summed by a key (rows without the key are left out); `key` undefined: all in one. */
export function sumBy<R>(
  rows: R[],
  key: ((r: R) => string | undefined) | undefined,
  add: (a: R, b: R) => R,
): Map<string, R> {
  const out = new Map<string, R>();
  for (const r of rows) {
    const k = key ? key(r) : "";
    if (k === undefined) continue;
    const seen = out.get(k);
    out.set(k, seen ? add(seen, r) : r);
  }
  return out;
}

export const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
