import { CLICKHOUSE_TABLES } from "./tables";
import type { Sql } from "./sql";

// Checked before a project query runs: every table reference (`tables.x` fragment) in the
// fragment tree, subqueries included, needs a scope predicate of its own (`tables.x.scope`, same
// alias), and no table may be named in literal text, where it would escape the count.

const TABLE_NAMES = new Set<string>(CLICKHOUSE_TABLES);
// A table name right after one of these words is a table read or written in raw text.
const TABLE_POSITION = /\b(?:FROM|JOIN|INTO|TABLE)\s+(?:[`"]?(\w+)[`"]?\.)?[`"]?(\w+)[`"]?/gi;
// Table functions that read other tables by name, around any fragment.
const TABLE_FUNCTION = /\b(merge|remote|remoteSecure|cluster|clusterAllReplicas|view|loop)\s*\(/i;

type Tally = { refs: Map<string, number>; scopes: Map<string, number>; literal: string };

function walk(fragment: Sql, tally: Tally): void {
  fragment.parts.forEach((part, index) => {
    tally.literal += part;
    const value = fragment.values[index];
    if (!value || !("kind" in value)) {
      tally.literal += " ? ";
      return;
    }
    if (value.kind === "sql") return walk(value, tally);
    if (value.kind === "raw") {
      tally.literal += value.text;
      return;
    }
    tally.literal += " ? ";
    if (value.kind === "table" && value.written) return; // written, not read: its rows come from the scoped SELECT
    const key = `${value.kind === "table" ? value.name : value.table} ${value.alias ?? ""}`;
    const counts = value.kind === "table" ? tally.refs : tally.scopes;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
}

/** Why the query may not run for a project, or null when every table it touches is scoped. */
export function scopeViolation(query: Sql): string | null {
  const tally: Tally = { refs: new Map(), scopes: new Map(), literal: "" };
  walk(query, tally);
  for (const match of tally.literal.matchAll(TABLE_POSITION)) {
    const [, database, name] = match;
    if ((database === undefined || database === "default") && TABLE_NAMES.has(name!))
      return `names table ${name} in raw text (use tables.${name})`;
  }
  const tableFunction = TABLE_FUNCTION.exec(tally.literal);
  if (tableFunction) return `reads through the table function ${tableFunction[1]}()`;
  if (tally.scopes.size === 0) return "is not scoped to a project";
  for (const [key, n] of tally.refs) {
    const scoped = tally.scopes.get(key) ?? 0;
    if (scoped < n) {
      const [name, alias] = key.split(" ");
      return `reads ${name}${alias ? ` AS ${alias}` : ""} ${n} time(s) with ${scoped} scope predicate(s)`;
    }
  }
  return null;
}
