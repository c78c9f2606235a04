import { formatDate } from "@/lib/format/date-time";
import { formatDuration, formatPercent, formatScore, formatUsd } from "@/lib/format/number";
import { Table } from "@/components/ui/table";

type Figures = {
  costPerRequestUsd: number | null;
  errorRate: number | null;
  p95Ms: number | null;
  quality: number | null;
};
type OwnerRow = {
  owner: string;
  feature: string;
  month: Figures;
  baseline: (Figures & { source: "auto" | "owner"; setAt: string }) | null;
  marks: { d30: Figures | null; d60: Figures | null; d90: Figures | null };
};

const cells = (f: Figures | null) =>
  f ? (
    <>
      <td>{formatUsd(f.costPerRequestUsd)}</td>
      <td>{formatPercent(f.errorRate)}</td>
      <td>{formatDuration(f.p95Ms)}</td>
      <td>{formatScore(f.quality)}</td>
    </>
  ) : (
    <td colSpan={4} className="text-muted-foreground">
      not reached yet
    </td>
  );

/** Per owner's feature: the month, the baseline and the 30/60/90-day marks, one row each. */
export function BaselineTable({ owners, month }: { owners: OwnerRow[]; month: string }) {
  return (
    <Table aria-label="Features against their baselines">
      <thead>
        <tr>
          <th>Owner</th>
          <th>Feature</th>
          <th>Figures</th>
          <th>Cost per request</th>
          <th>Error rate</th>
          <th>p95</th>
          <th>Quality</th>
        </tr>
      </thead>
      <tbody>
        {owners.flatMap((o) => {
          const key = `${o.owner}:${o.feature}`;
          if (!o.baseline)
            return [
              <tr key={key} data-testid={`baseline-${o.feature}`}>
                <td>{o.owner}</td>
                <td>{o.feature}</td>
                <td>{month}</td>
                {cells(o.month)}
              </tr>,
              <tr key={`${key}:none`}>
                <td />
                <td />
                <td>baseline</td>
                <td colSpan={4} className="text-muted-foreground">
                  none yet (set after the feature&apos;s first 7 days, or by its owner)
                </td>
              </tr>,
            ];
          const rows: Array<[string, Figures | null]> = [
            [month, o.month],
            [`baseline (${o.baseline.source}, ${formatDate(o.baseline.setAt)})`, o.baseline],
            ["30 days after", o.marks.d30],
            ["60 days after", o.marks.d60],
            ["90 days after", o.marks.d90],
          ];
          return rows.map(([label, f], i) => (
            <tr key={`${key}:${i}`} data-testid={i === 0 ? `baseline-${o.feature}` : undefined}>
              <td>{i === 0 ? o.owner : ""}</td>
              <td>{i === 0 ? o.feature : ""}</td>
              <td>{label}</td>
              {cells(f)}
            </tr>
          ));
        })}
      </tbody>
    </Table>
  );
}
