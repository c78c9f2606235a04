import { toClickHouseTime } from "@/lib/domain/span/span-time";
// Typed SQL fragments for ClickHouse. Every value is bound as a query parameter
// ({name:Type}); a bare string cannot be interpolated (type error), and identifiers or
// constants go through `raw()`, which is meant to stay rare and greppable.

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
export type Sql = { readonly kind: "sql"; parts: ReadonlyArray<string>; values: ReadonlyArray<Param | Raw | Sql> };

export const param = (value: unknown, type: ClickHouseType): Param => ({ value, type }) as Param;
export const str = (value: string) => param(value, "String");
export const num = (value: number) => param(value, Number.isInteger(value) ? "Int64" : "Float64");
export const strs = (values: string[]) => param(values, "Array(String)");
/** Milliseconds precision is what every time filter in the UI and API carries. */
export const time = (value: Date) => param(toClickHouseTime(value), "DateTime64(3, 'UTC')");
export const raw = (text: string): Raw => ({ kind: "raw", text });

export function sql(parts: TemplateStringsArray, ...values: Array<Param | Raw | Sql>): Sql {
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
    if ("kind" in value && value.kind === "raw") {
      text += value.text;
    } else if (isSql(value)) {
      text += render(value, params).text;
    } else {
      const p = value as Param;
      const name = `p${Object.keys(params).length}`;
      params[name] = p.value;
      text += `{${name}:${p.type}}`;
    }
  });
  return { text, params };
}
