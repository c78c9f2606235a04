"use client";
import { useState } from "react";
import { formatPercent, formatUsd } from "@/lib/format/number";
import type { TenantMargin } from "@/lib/finance/margins";
import { belowMarginFloor } from "@/lib/domain/finance/margin-floor";

type Column = { key: keyof TenantMargin; label: string };
const COLUMNS: Column[] = [
  { key: "tenant", label: "Tenant" },
  { key: "revenueUsd", label: "Revenue" },
  { key: "llmCostUsd", label: "LLM cost" },
  { key: "gpuCostUsd", label: "GPU cost" },
  { key: "costUsd", label: "AI cost" },
  { key: "marginUsd", label: "Margin" },
  { key: "marginPct", label: "Margin %" },
];

const pct = (v: number | null) => formatPercent(v === null ? null : v / 100);

/** Sortable per-tenant margins; tenants under the floor are highlighted. */
export function MarginTable({
  rows,
  floorPct,
  projected,
}: {
  rows: TenantMargin[];
  floorPct: number;
  projected: boolean;
}) {
  const [sort, setSort] = useState<{ key: keyof TenantMargin; desc: boolean }>({ key: "marginUsd", desc: false });
  const sorted = [...rows].sort((a, b) => {
    const [x, y] = [a[sort.key], b[sort.key]];
    const order =
      typeof x === "string" || typeof y === "string"
        ? String(x).localeCompare(String(y))
        : Number(x ?? -Infinity) - Number(y ?? -Infinity);
    return sort.desc ? -order : order;
  });
  const below = (r: TenantMargin) => belowMarginFloor(r, floorPct);
  if (rows.length === 0) return <p className="muted">No revenue or AI cost in this month.</p>;
  return (
    <table aria-label="Margins by tenant">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th key={c.key} aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : undefined}>
              <button
                type="button"
                className="link-button"
                onClick={() => setSort({ key: c.key, desc: sort.key === c.key ? !sort.desc : false })}
              >
                {c.label}
                {sort.key === c.key ? (sort.desc ? " ↓" : " ↑") : ""}
              </button>
            </th>
          ))}
          {projected && <th>Projected AI cost</th>}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.tenant} className={below(r) ? "below-floor" : undefined} data-below-floor={below(r) || undefined}>
            <td>
              {r.tenant || "(no tenant)"}
              {below(r) && <strong className="error-text"> below floor</strong>}
            </td>
            <td>{formatUsd(r.revenueUsd)}</td>
            <td>{formatUsd(r.llmCostUsd)}</td>
            <td>{formatUsd(r.gpuCostUsd)}</td>
            <td>{formatUsd(r.costUsd)}</td>
            <td className={r.marginUsd < 0 ? "error-text" : undefined}>{formatUsd(r.marginUsd)}</td>
            <td>{pct(r.marginPct)}</td>
            {projected && <td>{formatUsd(r.projectedCostUsd)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
