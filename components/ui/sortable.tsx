"use client";
import { ArrowDown, ArrowUp } from "lucide-react";
import { useState } from "react";

// Client-side sorting for the small tables (a page of tenants or features): one order rule,
// one header control, so every sortable table behaves alike.

export type Sort<Row> = { key: keyof Row; desc: boolean };

/** Text compares by locale; numbers numerically, with missing values (null) lowest. */
export function sortRows<Row>(rows: Row[], sort: Sort<Row>): Row[] {
  return [...rows].sort((a, b) => {
    const [x, y] = [a[sort.key], b[sort.key]];
    const order =
      typeof x === "string" || typeof y === "string"
        ? String(x ?? "").localeCompare(String(y ?? ""))
        : Number(x ?? -Infinity) - Number(y ?? -Infinity);
    return sort.desc ? -order : order;
  });
}

export function useSort<Row>(initial: Sort<Row>) {
  const [sort, setSort] = useState<Sort<Row>>(initial);
  /** A click on the sorted column flips it; on another column sorts it, descending when `descFirst`. */
  const toggle = (key: keyof Row, descFirst = false) =>
    setSort({ key, desc: sort.key === key ? !sort.desc : descFirst });
  return { sort, toggle };
}

export function SortHeader<Row>({
  column,
  label,
  sort,
  onSort,
  className,
}: {
  column: keyof Row;
  label: string;
  sort: Sort<Row>;
  onSort: () => void;
  className?: string;
}) {
  const active = sort.key === column;
  return (
    <th className={className} aria-sort={active ? (sort.desc ? "descending" : "ascending") : undefined}>
      <button
        type="button"
        className="inline-flex cursor-pointer items-center gap-1 font-medium text-muted-foreground hover:text-foreground"
        onClick={onSort}
      >
        {label}
        {active &&
          (sort.desc ? <ArrowDown className="size-3.5" aria-hidden /> : <ArrowUp className="size-3.5" aria-hidden />)}
      </button>
    </th>
  );
}
