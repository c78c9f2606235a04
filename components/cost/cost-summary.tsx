import { LocalTime } from "@/components/ui/local-time";
import Link from "next/link";
import {
  formatChangePct,
  formatCount,
  formatDuration,
  formatPercent,
  formatScore,
  formatUsd,
} from "@/lib/format/number";
import type { CostExplorer } from "@/lib/cost/cost-explorer";
import { ParetoChart } from "./cost-charts";

export function CostSummary({ result }: { result: CostExplorer }) {
  const { totals, changePct } = result;
  return (
    <div className="panel">
      <div className="stat-grid">
        <div>
          <div className="muted">Total cost</div>
          <div className="stat" data-testid="cost-total">
            {formatUsd(totals.costUsd)}
          </div>
        </div>
        <div>
          <div className="muted">Against previous period</div>
          <div className="stat">{formatChangePct(changePct)}</div>
          <div className="muted">{formatUsd(result.previousTotals.costUsd)} before</div>
        </div>
        <div>
          <div className="muted">Tokens in / out</div>
          <div className="stat">
            {formatCount(totals.inputTokens)} / {formatCount(totals.outputTokens)}
          </div>
        </div>
        <div>
          <div className="muted">GPU hours</div>
          <div className="stat">{formatScore(totals.gpuSeconds / 3600)}</div>
        </div>
        <div>
          <div className="muted">Time to first token / per output token</div>
          <div className="stat" data-testid="cost-latency">
            {result.latency.avgTimeToFirstTokenMs === null ? "–" : formatDuration(result.latency.avgTimeToFirstTokenMs)}
            {" / "}
            {formatDuration(result.latency.avgTimePerOutputTokenMs)}
          </div>
          <div className="muted">average of the calls that report them</div>
        </div>
        <div>
          <div className="muted">Week-over-week flags</div>
          <div className="stat">{result.flagged}</div>
        </div>
      </div>
      <p className="muted">
        <LocalTime value={result.from} /> to <LocalTime value={result.to} />, hourly grain. Prices:{" "}
        {result.catalogVersion}.
      </p>
    </div>
  );
}

/** Usage without a price is listed with its volume, never counted as $0 silently. */
export function UnpricedNotice({ result }: { result: CostExplorer }) {
  if (result.unpriced.length === 0) return null;
  return (
    <div className="notice error" role="status">
      <strong>Unpriced usage, not in the totals:</strong>{" "}
      {result.unpriced
        .map(
          (u) =>
            `${u.model || "(no model)"} (${u.kind}): ${u.kind === "gpu" || u.gpuSeconds > 0 ? `${formatScore(u.gpuSeconds / 3600)} GPU-h` : `${formatCount(u.inputTokens + u.outputTokens)} tokens`}`,
        )
        .join("; ")}
      . <Link href="/cost/prices">Add a price</Link>.
    </div>
  );
}

export function CostParetoSection({ result }: { result: CostExplorer }) {
  const { pareto } = result;
  if (pareto.groups === 0) return null;
  return (
    <div className="panel">
      <h2>Pareto</h2>
      <p data-testid="pareto-summary">
        {pareto.groupsFor80Pct} of {pareto.groups} {result.by} values (
        {formatPercent(pareto.shareOfGroups, { digits: 0 })}) make 80% of the cost.
      </p>
      <ParetoChart rows={result.breakdown.filter((r) => r.costUsd > 0)} />
    </div>
  );
}
