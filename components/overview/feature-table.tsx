"use client";
import Link from "next/link";
import { SortHeader, sortRows, useSort } from "@/components/ui/sortable";
import type { FeatureRow } from "@/lib/overview/overview";
import { formatCount, formatDuration, formatPercent, formatScore, formatUsd } from "@/lib/format/number";

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
  if (rows.length === 0) return <p className="muted">No requests in this period.</p>;
  const sorted = sortRows(rows, sort);
  const q = (f: string) => encodeURIComponent(f);
  return (
    <table aria-label="Features" className="one-line">
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
            <td className="clip" title={r.feature}>
              {r.feature ? (
                <Link href={`/traces?feature=${q(r.feature)}`}>{r.feature}</Link>
              ) : (
                <span className="muted">(none)</span>
              )}
            </td>
            <td>{formatCount(r.requests)}</td>
            <td className={r.errorRate !== null && r.errorRate > 0.05 ? "error-text" : undefined}>
              {formatPercent(r.errorRate)}
            </td>
            <td>{formatDuration(r.p95Ms)}</td>
            <td>{formatUsd(r.costUsd)}</td>
            <td>{formatUsd(r.costPerRequestUsd)}</td>
            <td>{formatScore(r.quality)}</td>
            <td className="clip">{r.owner ?? <span className="muted">no owner</span>}</td>
            <td>
              {r.feature && (
                // One line at any width: the links never wrap under each other (rows stay one line tall).
                <span style={{ display: "inline-flex", gap: ".5rem", whiteSpace: "nowrap" }}>
                  <Link href={`/traces?feature=${q(r.feature)}&status=error`}>errors</Link>
                  <Link href={`/cost?feature=${q(r.feature)}&by=model`}>cost</Link>
                  <Link href="/alerts">alerts</Link>
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
