"use client";
import { SortHeader, sortRows, useSort } from "@/components/ui/sortable";
import { formatPercent, formatUsd } from "@/lib/format/number";
import type { TenantMargin } from "@/lib/finance/margins";
import { belowMarginFloor } from "@/lib/domain/finance/margin-floor";
import { Table } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/states";

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
  const { sort, toggle } = useSort<TenantMargin>({ key: "marginUsd", desc: false });
  const sorted = sortRows(rows, sort);
  const below = (r: TenantMargin) => belowMarginFloor(r, floorPct);
  if (rows.length === 0) return <EmptyState>No revenue or AI cost in this month.</EmptyState>;
  return (
    <Table aria-label="Margins by tenant">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <SortHeader key={c.key} column={c.key} label={c.label} sort={sort} onSort={() => toggle(c.key)} />
          ))}
          {projected && <th>Projected AI cost</th>}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.tenant} className={below(r) ? "bg-row-alert" : undefined} data-below-floor={below(r) || undefined}>
            <td>
              {r.tenant || "(no tenant)"}
              {below(r) && <strong className="text-destructive"> below floor</strong>}
            </td>
            <td>{formatUsd(r.revenueUsd)}</td>
            <td>{formatUsd(r.llmCostUsd)}</td>
            <td>{formatUsd(r.gpuCostUsd)}</td>
            <td>{formatUsd(r.costUsd)}</td>
            <td className={r.marginUsd < 0 ? "text-destructive" : undefined}>{formatUsd(r.marginUsd)}</td>
            <td>{pct(r.marginPct)}</td>
            {projected && <td>{formatUsd(r.projectedCostUsd)}</td>}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
