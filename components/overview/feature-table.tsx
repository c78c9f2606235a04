"use client";
import Link from "next/link";
import { SortHeader, sortRows, useSort } from "@/components/ui/sortable";
import type { FeatureRow } from "@/lib/overview/overview";
import { formatCount, formatDuration, formatPercent, formatScore, formatUsd } from "@/lib/format/number";
import { Table } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/states";

const COLUMNS: Array<{ key: keyof FeatureRow; label: string }> = [
  { key: "feature", label: "Feature" },
  { key: "requests", label: "Requests" },
  { key: "errorRate", label: "Error rate" },
  { key: "p95Ms", label: "p95" },
  { key: "costUsd", label: "Cost" },
  { key: "costPerRequestUsd", label: "Cost / request" },
  { key: "quality", label: "Quality" },
  { key: "owner", label: "Owner" },
];

/** Per feature, sortable by any column; each row links to its traces, cost and alerts. */
export function FeatureTable({ rows, qualityScore }: { rows: FeatureRow[]; qualityScore: string | null }) {
  const { sort, toggle } = useSort<FeatureRow>({ key: "costUsd", desc: true });
  if (rows.length === 0) return <EmptyState>No requests in this period.</EmptyState>;
  const sorted = sortRows(rows, sort);
  const q = (f: string) => encodeURIComponent(f);
  return (
    <Table aria-label="Features" className="[&_td]:whitespace-nowrap">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <SortHeader
              key={c.key}
              column={c.key}
              label={c.key === "quality" && qualityScore ? `Quality (${qualityScore})` : c.label}
              sort={sort}
              onSort={() => toggle(c.key, c.key !== "feature" && c.key !== "owner")}
            />
          ))}
          <th>Open</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={r.feature}>
            <td className="max-w-[22rem] overflow-hidden text-ellipsis whitespace-nowrap" title={r.feature}>
              {r.feature ? (
                <Link href={`/traces?feature=${q(r.feature)}`}>{r.feature}</Link>
              ) : (
                <span className="text-muted-foreground">(none)</span>
              )}
            </td>
            <td>{formatCount(r.requests)}</td>
            <td className={r.errorRate !== null && r.errorRate > 0.05 ? "text-destructive" : undefined}>
              {formatPercent(r.errorRate)}
            </td>
            <td>{formatDuration(r.p95Ms)}</td>
            <td>{formatUsd(r.costUsd)}</td>
            <td>{formatUsd(r.costPerRequestUsd)}</td>
            <td>{formatScore(r.quality)}</td>
            <td className="max-w-[22rem] overflow-hidden text-ellipsis whitespace-nowrap">
              {r.owner ?? <span className="text-muted-foreground">no owner</span>}
            </td>
            <td>
              {r.feature && (
                // One line at any width: the links never wrap under each other (rows stay one line tall).
                <span className="inline-flex gap-2 whitespace-nowrap">
                  <Link href={`/traces?feature=${q(r.feature)}&status=error`}>errors</Link>
                  <Link href={`/cost?feature=${q(r.feature)}&by=model`}>cost</Link>
                  <Link href="/alerts">alerts</Link>
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
