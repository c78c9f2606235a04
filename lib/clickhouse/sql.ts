import { toClickHouseTime } from "@/lib/domain/span/span-time";
// Typed SQL fragments for ClickHouse. Every value is bound as a query parameter
// ({name:Type}); a bare string cannot be interpolated (type error). Identifiers come from a
// closed list (`ident`, `columns`), tables from lib/clickhouse/tables.ts, and `raw` takes only
// literal text written in the source, so no SQL is ever built from a variable.

export type ClickHouseType =
  | "String"
  | "UInt8"
  | "UInt32"
  | "UInt64"
  | "Int64"
  | "Float64"
  | "DateTime64(3, 'UTC')"
  | "DateTime64(6, 'UTC')"
  | "Array(String)"
  | "Array(Int64)"
  | "Array(Float64)";

declare const paramBrand: unique symbol;
export type Param = { readonly [paramBrand]: true; value: unknown; type: ClickHouseType };
type Raw = { readonly kind: "raw"; text: string };
/** A table reference; the scope guard (scope-guard.ts) pairs each one with its `Scope`. */
export type TableRef = {
  readonly kind: "table";
  readonly name: string;
  readonly alias?: string;
  readonly written?: true;
};
/** The project predicate of one table reference: `[alias.]project_id = {project_id:String}`. */
export type Scope = { readonly kind: "scope"; readonly table: string; readonly alias?: string };
export type Fragment = Param | Raw | Sql | TableRef | Scope;
export type Sql = { readonly kind: "sql"; parts: ReadonlyArray<string>; values: ReadonlyArray<Fragment> };

export const PROJECT_PARAM = "project_id";

export const param = (value: unknown, type: ClickHouseType): Param => ({ value, type }) as Param;
export const str = (value: string) => param(value, "String");
export const num = (value: number) => param(value, Number.isInteger(value) ? "Int64" : "Float64");
export const strs = (values: string[]) => param(values, "Array(String)");
/** Milliseconds precision is what every time filter in the UI and API carries. */
export const time = (value: Date) => param(toClickHouseTime(value), "DateTime64(3, 'UTC')");

/**
 * Literal SQL text, only as a template without interpolations (raw`FINAL`): `raw(someVariable)`
 * and raw`${x}` do not type-check. A string-literal parameter would let `GROUP BY ${x}` through.
 */
export function raw(parts: TemplateStringsArray): Raw {
  if (parts.length !== 1) throw new Error("raw`` takes no interpolations");
  return { kind: "raw", text: parts[0]! };
}

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const quoteIdentifier = (name: string) =>
  PLAIN_IDENTIFIER.test(name) ? name : `\`${name.replace(/[`\\]/g, "\\$&")}\``;

/**
 * An identifier (column, alias) chosen from a closed list: `allowed` is a readonly list or a
 * record whose keys are the names. Anything else throws, naming the value.
 */
export function ident(name: string, allowed: ReadonlyArray<string> | Readonly<Record<string, unknown>>): Raw {
  const names: ReadonlyArray<string> = Array.isArray(allowed) ? allowed : Object.keys(allowed);
  if (!names.includes(name)) throw new Error(`identifier ${JSON.stringify(name)} is not one of ${names.join(", ")}`);
  return { kind: "raw", text: quoteIdentifier(name) };
}

/** The identifier a record maps `key` to (an API name to its column), e.g. identFor("gpuType", GROUP_COLUMN) is gpu_type. */
export function identFor(key: string, columnOf: Readonly<Record<string, string>>): Raw {
  if (!Object.hasOwn(columnOf, key))
    throw new Error(`identifier ${JSON.stringify(key)} is not one of ${Object.keys(columnOf).join(", ")}`);
  return ident(columnOf[key]!, Object.values(columnOf));
}

/** A column list from a constant array, e.g. `SELECT ${columns(USAGE_SPAN_COLUMNS)}`; each entry must be a plain identifier. */
export function columns(list: ReadonlyArray<string>): Raw {
  if (list.length === 0) throw new Error("columns: the list is empty");
  for (const name of list)
    if (!PLAIN_IDENTIFIER.test(name)) throw new Error(`columns: ${JSON.stringify(name)} is not a plain identifier`);
  return { kind: "raw", text: list.join(", ") };
}

/** An integer written into the text (a constant bucket count or threshold), checked to be one. */
export function int(value: number): Raw {
  if (!Number.isSafeInteger(value)) throw new Error(`int: ${value} is not an integer`);
  return { kind: "raw", text: String(value) };
}

export type SortDirection = "asc" | "desc";
/** ORDER BY direction from a typed choice. */
export const direction = (value: SortDirection): Raw => ({ kind: "raw", text: value === "asc" ? "ASC" : "DESC" });

export function sql(parts: TemplateStringsArray, ...values: Fragment[]): Sql {
  return { kind: "sql", parts: [...parts], values };
}

/** Joins fragments, e.g. a list of predicates with " AND ". */
export function join(fragments: Sql[], separator: string): Sql {
  if (fragments.length === 0) return sql``;
  const parts = ["", ...fragments.slice(1).map(() => separator), ""];
  return { kind: "sql", parts, values: fragments };
}

export function isSql(value: unknown): value is Sql {
  return typeof value === "object" && value !== null && (value as Sql).kind === "sql";
}

export type Rendered = { text: string; params: Record<string, unknown> };

export function render(fragment: Sql, params: Record<string, unknown> = {}): Rendered {
  let text = "";
  fragment.parts.forEach((part, index) => {
    text += part;
    if (index >= fragment.values.length) return;
    const value = fragment.values[index]!;
    if ("kind" in value) {
      if (value.kind === "raw") text += value.text;
      else if (value.kind === "sql") text += render(value, params).text;
      else if (value.kind === "table") text += value.alias ? `${value.name} AS ${value.alias}` : value.name;
      else text += `${value.alias ? `${value.alias}.` : ""}project_id = {${PROJECT_PARAM}:String}`;
    } else {
      const p = value as Param;
      const name = `p${Object.keys(params).length}`;
      params[name] = p.value;
      text += `{${name}:${p.type}}`;
    }
  });
  return { text, params };
}
