"use client";
import { cn } from "@/components/ui/cn";
import { Badge } from "@/components/ui/badge";
import { SortHeader, sortRows, useSort } from "@/components/ui/sortable";
import { formatPercent, formatUsd } from "@/lib/format/number";
import type { TenantMargin } from "@/lib/finance/margins";
import { belowMarginFloor } from "@/lib/domain/finance/margin-floor";
import { Table } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/states";

type Column = {
  key: keyof TenantMargin;
  label: string;
  cell: (r: TenantMargin) => string;
  negative?: boolean;
  /** A figure another column is made from: shown from 1280 px, so that at 1024 px the margins fit without scrolling. */
  detail?: boolean;
};
const detailCell = "hidden xl:table-cell";
const pct = (v: number | null | undefined) => formatPercent(v === null || v === undefined ? null : v / 100);
const usd = (key: keyof TenantMargin) => (r: TenantMargin) => formatUsd(r[key] as number | undefined);

const COMMON: Column[] = [
  { key: "tenant", label: "Tenant", cell: (r) => r.tenant || "(no tenant)" },
  { key: "revenueUsd", label: "Revenue", cell: usd("revenueUsd") },
  { key: "llmCostUsd", label: "LLM cost", cell: usd("llmCostUsd"), detail: true },
  { key: "gpuCostUsd", label: "GPU cost", cell: usd("gpuCostUsd"), detail: true },
  { key: "costUsd", label: "AI cost", cell: usd("costUsd") },
];
const CLOSED: Column[] = [
  ...COMMON,
  { key: "marginUsd", label: "Margin", cell: usd("marginUsd"), negative: true },
  { key: "marginPct", label: "Margin %", cell: (r) => pct(r.marginPct) },
];
// The current month: a month's revenue against part of a month's cost says nothing, so margins
// are to date (revenue × share elapsed) or projected (cost forecast to the month's end).
const CURRENT: Column[] = [
  ...COMMON,
  { key: "revenueToDateUsd", label: "Revenue to date", cell: usd("revenueToDateUsd"), detail: true },
  { key: "marginToDatePct", label: "Margin % to date", cell: (r) => pct(r.marginToDatePct) },
  { key: "projectedCostUsd", label: "Projected AI cost", cell: usd("projectedCostUsd"), detail: true },
  { key: "projectedMarginUsd", label: "Projected margin", cell: usd("projectedMarginUsd"), negative: true },
  { key: "projectedMarginPct", label: "Projected margin %", cell: (r) => pct(r.projectedMarginPct) },
];

/** Sortable per-tenant margins; tenants under the floor are highlighted, tenants under water flagged. */
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
  const columns = projected ? CURRENT : CLOSED;
  const floorOf = (r: TenantMargin) =>
    projected ? { costUsd: r.costUsd, marginPct: r.projectedMarginPct ?? null } : r;
  const below = (r: TenantMargin) => belowMarginFloor(floorOf(r), floorPct);
  if (rows.length === 0) return <EmptyState>No revenue or AI cost in this month.</EmptyState>;
  return (
    // Headers may wrap: "Projected margin %" on one line pushed its own column out of view at 1024 px.
    <Table aria-label="Margins by tenant" className="[&_th]:align-bottom [&_th]:whitespace-normal">
      <thead>
        <tr>
          {columns.map((c) => (
            <SortHeader
              key={c.key}
              column={c.key}
              label={c.label}
              sort={sort}
              onSort={() => toggle(c.key)}
              className={c.detail ? detailCell : undefined}
            />
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr
            key={r.tenant}
            className={below(r) || r.underWater ? "bg-row-alert" : undefined}
            data-below-floor={below(r) || undefined}
            data-under-water={r.underWater || undefined}
          >
            {columns.map((c, i) => (
              <td
                key={c.key}
                className={cn(
                  "whitespace-nowrap",
                  c.detail && detailCell,
                  c.negative && ((r[c.key] as number | undefined) ?? 0) < 0 && "text-destructive",
                )}
              >
                {c.cell(r)}
                {/* A badge on one line, its reason in the title: a sentence here wrapped the tenant cell at 1024 px. */}
                {i === 0 && r.underWater && (
                  <Badge
                    variant="destructive"
                    className="ml-2"
                    title={projected ? "Projected cost above revenue this month" : "Cost above revenue"}
                  >
                    under water
                  </Badge>
                )}
                {i === 0 && !r.underWater && below(r) && (
                  <Badge variant="warning" className="ml-2" title={`Margin below the ${floorPct} % floor`}>
                    below floor
                  </Badge>
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
