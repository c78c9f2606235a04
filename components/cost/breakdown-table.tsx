import Link from "next/link";
import { formatChangePct, formatCount, formatPercent, formatUsd } from "@/lib/format/number";
import type { CostExplorer } from "@/lib/cost/cost-explorer";
import { Table } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/states";

const change = formatChangePct;

/** Each group's cost, share, change against the previous period and week-over-week flag. */
export function BreakdownTable({ result, hrefFor }: { result: CostExplorer; hrefFor: (key: string) => string }) {
  if (result.breakdown.length === 0) return <EmptyState>No usage in this period.</EmptyState>;
  return (
    <Table aria-label="Cost breakdown">
      <thead>
        <tr>
          <th>{result.by}</th>
          <th>Cost</th>
          <th>Share</th>
          <th>Previous period</th>
          <th>Change</th>
          <th>Week over week</th>
          <th>Input tokens</th>
          <th>Output tokens</th>
          <th>Spans</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {result.breakdown.map((r) => (
          <tr key={r.key} data-flagged={r.wow.flagged || undefined}>
            <td>
              {r.key ? (
                <Link href={hrefFor(r.key)}>{r.key}</Link>
              ) : (
                <span className="text-muted-foreground" title={`Spans without a ${result.by}: no filter selects them`}>
                  (none)
                </span>
              )}
            </td>
            <td>{formatUsd(r.costUsd)}</td>
            <td>{formatPercent(r.share)}</td>
            <td>{formatUsd(r.previousCostUsd)}</td>
            <td>{r.previousCostUsd > 0 || r.costUsd > 0 ? change(r.changePct) : "–"}</td>
            <td className={r.wow.flagged ? "text-destructive" : undefined}>
              {r.wow.lastWeekUsd > 0 || r.wow.weekBeforeUsd > 0 ? change(r.wow.changePct) : "–"}
              {r.wow.flagged && (
                <strong title={`${formatUsd(r.wow.weekBeforeUsd)} → ${formatUsd(r.wow.lastWeekUsd)}`}>
                  {" "}
                  ⚑ deviates
                </strong>
              )}
            </td>
            <td>{formatCount(r.inputTokens)}</td>
            <td>{formatCount(r.outputTokens)}</td>
            <td>{formatCount(r.spans)}</td>
            <td>{r.key ? <Link href={`/traces?${result.by}=${encodeURIComponent(r.key)}`}>traces</Link> : null}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
