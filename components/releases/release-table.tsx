import { formatCount, formatDuration, formatPercent, formatScore, formatUsd } from "@/lib/format/number";
import type { FeatureComparison } from "@/lib/releases/compare-releases";
import { Table } from "@/components/ui/table";

const VERDICT: Record<FeatureComparison["verdict"], { text: string; className: string }> = {
  better: { text: "better", className: "text-success" },
  worse: { text: "worse", className: "text-destructive" },
  same: { text: "no significant difference", className: "text-muted-foreground" },
  not_enough_data: { text: "not enough data", className: "text-muted-foreground" },
};

const pValue = (t: { pValue: number } | null) => (t ? `p = ${formatScore(t.pValue)}` : "–");

/** One row per feature: baseline → candidate for each figure, the tests' p-values and the verdict. */
export function ReleaseTable({ rows }: { rows: FeatureComparison[] }) {
  return (
    <Table aria-label="Release comparison">
      <thead>
        <tr>
          <th>Feature</th>
          <th>Requests</th>
          <th>Error rate</th>
          <th>Latency p50</th>
          <th>Latency p95</th>
          <th>Tokens / request</th>
          <th>Cost / request</th>
          <th>Scores</th>
          <th>Verdict</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.feature} data-feature={r.feature}>
            <td>{r.feature || "(none)"}</td>
            <td>
              {formatCount(r.baseline.requests)} → {formatCount(r.candidate.requests)}
            </td>
            <td>
              {formatPercent(r.baseline.errorRate)} → {formatPercent(r.candidate.errorRate)}
              <div className="text-muted-foreground">{pValue(r.tests.errorRate)}</div>
            </td>
            <td>
              {formatDuration(r.baseline.latencyP50Ms)} → {formatDuration(r.candidate.latencyP50Ms)}
              <div className="text-muted-foreground">{pValue(r.tests.latency)}</div>
            </td>
            <td>
              {formatDuration(r.baseline.latencyP95Ms)} → {formatDuration(r.candidate.latencyP95Ms)}
            </td>
            <td>
              {formatCount(r.baseline.tokensPerRequest)} → {formatCount(r.candidate.tokensPerRequest)}
            </td>
            <td>
              {formatUsd(r.baseline.costPerRequestUsd)} → {formatUsd(r.candidate.costPerRequestUsd)}
            </td>
            <td>
              {Object.keys({ ...r.baseline.scores, ...r.candidate.scores }).map((name) => (
                <div key={name}>
                  {name}: {formatScore(r.baseline.scores[name]?.mean)} → {formatScore(r.candidate.scores[name]?.mean)}{" "}
                  <span className="text-muted-foreground">{pValue(r.tests.scores[name] ?? null)}</span>
                </div>
              ))}
            </td>
            <td className={VERDICT[r.verdict].className}>{VERDICT[r.verdict].text}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
