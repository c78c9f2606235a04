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
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";

export function CostSummary({ result }: { result: CostExplorer }) {
  const { totals, changePct } = result;
  return (
    <Card>
      <div className="grid grid-cols-[repeat(auto-fit,minmax(180px,1fr))] gap-4">
        <div>
          <div className="text-sm text-muted-foreground">Total cost</div>
          <div className="text-xl font-semibold tabular-nums" data-testid="cost-total">
            {formatUsd(totals.costUsd)}
          </div>
        </div>
        <div>
          <div className="text-sm text-muted-foreground">Against previous period</div>
          <div className="text-xl font-semibold tabular-nums">{formatChangePct(changePct)}</div>
          <div className="text-sm text-muted-foreground">{formatUsd(result.previousTotals.costUsd)} before</div>
        </div>
        <div>
          <div className="text-sm text-muted-foreground">Tokens in / out</div>
          <div className="text-xl font-semibold tabular-nums">
            {formatCount(totals.inputTokens)} / {formatCount(totals.outputTokens)}
          </div>
        </div>
        <div>
          <div className="text-sm text-muted-foreground">GPU hours</div>
          <div className="text-xl font-semibold tabular-nums">{formatScore(totals.gpuSeconds / 3600)}</div>
        </div>
        <div>
          <div className="text-sm text-muted-foreground">Time to first token / per output token</div>
          <div className="text-xl font-semibold tabular-nums" data-testid="cost-latency">
            {result.latency.avgTimeToFirstTokenMs === null ? "–" : formatDuration(result.latency.avgTimeToFirstTokenMs)}
            {" / "}
            {formatDuration(result.latency.avgTimePerOutputTokenMs)}
          </div>
          <div className="text-sm text-muted-foreground">average of the calls that report them</div>
        </div>
        <div>
          <div className="text-sm text-muted-foreground">Week-over-week flags</div>
          <div className="text-xl font-semibold tabular-nums">{result.flagged}</div>
        </div>
      </div>
      <p className="text-muted-foreground">
        <LocalTime value={result.from} /> to <LocalTime value={result.to} />, hourly grain. Prices:{" "}
        {result.catalogVersion}.
      </p>
    </Card>
  );
}

/** Usage without a price is listed with its volume, never counted as $0 silently. */
export function UnpricedNotice({ result }: { result: CostExplorer }) {
  if (result.unpriced.length === 0) return null;
  return (
    <Alert variant="destructive" role="status">
      <strong>Unpriced usage, not in the totals:</strong>{" "}
      {result.unpriced
        .map(
          (u) =>
            `${u.model || "(no model)"} (${u.kind}): ${u.kind === "gpu" || u.gpuSeconds > 0 ? `${formatScore(u.gpuSeconds / 3600)} GPU-h` : `${formatCount(u.inputTokens + u.outputTokens)} tokens`}`,
        )
        .join("; ")}
      . <Link href="/cost/prices">Add a price</Link>.
    </Alert>
  );
}

export function CostParetoSection({ result }: { result: CostExplorer }) {
  const { pareto } = result;
  if (pareto.groups === 0) return null;
  return (
    <Card>
      <h2>Pareto</h2>
      <p data-testid="pareto-summary">
        {pareto.groupsFor80Pct} of {pareto.groups} {result.by} values (
        {formatPercent(pareto.shareOfGroups, { digits: 0 })}) make 80% of the cost.
      </p>
      <ParetoChart rows={result.breakdown.filter((r) => r.costUsd > 0)} />
    </Card>
  );
}
