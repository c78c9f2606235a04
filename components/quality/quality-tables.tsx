import Link from "next/link";
import type { QualityParams, QualityView } from "@/lib/quality/quality-view";
import { LocalTime } from "@/components/ui/local-time";
import { COMPARE_DIMENSIONS } from "@/lib/quality/quality-view";
import { DIMENSION_LABEL } from "./quality-filters";
import { formatScore } from "@/lib/format/number";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/states";

type Summary = QualityView["summary"];
type Selected = NonNullable<QualityView["selected"]>;

export const fmt = formatScore;
const signed = (v: number | null) => (v === null ? "–" : `${v > 0 ? "+" : ""}${fmt(v)}`);

/** Every score name with its average against the previous period; drops in quality flagged. */
export function QualitySummaryTable({
  summary,
  hrefFor,
  selected,
}: {
  summary: Summary;
  hrefFor: (name: string) => string;
  selected: string | null;
}) {
  return (
    <Table aria-label="Scores">
      <thead>
        <tr>
          <th>Score</th>
          <th>Sources</th>
          <th>Average</th>
          <th>Count</th>
          <th>Previous period</th>
          <th>Change</th>
        </tr>
      </thead>
      <tbody>
        {summary.map((s) => (
          <tr
            key={s.name}
            className={s.worse ? "bg-row-alert" : undefined}
            aria-current={s.name === selected ? "true" : undefined}
          >
            <td>
              <Link href={hrefFor(s.name)}>{s.name}</Link>
              {s.lowerIsBetter && <span className="text-muted-foreground"> (rate, lower is better)</span>}
            </td>
            <td>{s.sources.join(", ")}</td>
            <td>{fmt(s.avg)}</td>
            <td>{s.count}</td>
            <td>{fmt(s.previousAvg)}</td>
            <td className={s.worse ? "text-destructive" : undefined}>
              {signed(s.change)}
              {s.worse ? " worse" : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The traces behind the worst values of the selected score, each linked to its replay. */
export function LowestTraces({ rows, lowerIsBetter }: { rows: Selected["lowest"]; lowerIsBetter: boolean }) {
  if (rows.length === 0) return <EmptyState>No numeric values in this period.</EmptyState>;
  return (
    <Table aria-label={lowerIsBetter ? "Highest-rate traces" : "Lowest-scoring traces"}>
      <thead>
        <tr>
          <th>Value</th>
          <th>Trace</th>
          <th>Model</th>
          <th>Prompt</th>
          <th>Feature</th>
          <th>Tenant</th>
          <th>Source</th>
          <th>Comment</th>
          <th>Time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.traceId}-${r.spanId}-${r.source}`}>
            <td>
              {fmt(r.value)}
              {r.label ? ` · ${r.label}` : ""}
            </td>
            <td>
              <Link href={`/traces/${r.traceId}`}>{r.traceId.slice(0, 12)}…</Link>
            </td>
            <td>{r.model || "–"}</td>
            <td>{r.promptVersion || "–"}</td>
            <td>{r.feature || "–"}</td>
            <td>{r.tenant || "–"}</td>
            <td>{r.source}</td>
            <td>{r.comment ?? ""}</td>
            <td className="text-muted-foreground">
              <LocalTime value={r.time} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Two models or prompt versions on every score, chosen in a small GET form. */
export function SideBySide({ compare, params }: { compare: Selected["compare"]; params: QualityParams }) {
  const keep = Object.entries(params).filter(
    ([k, v]) => !["compare", "a", "b"].includes(k) && typeof v === "string" && v !== "",
  ) as Array<[string, string]>;
  return (
    <>
      <form className="flex flex-wrap items-end gap-3" method="get" action="/quality" aria-label="Side by side">
        {keep.map(([k, v]) => (
          <Input key={k} type="hidden" name={k} value={v} />
        ))}
        <Field>
          Compare
          <Select name="compare" defaultValue={compare.dimension}>
            {COMPARE_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {DIMENSION_LABEL[d]}
              </option>
            ))}
          </Select>
        </Field>
        <Field>
          A<Input name="a" defaultValue={compare.a ?? ""} list="compare-options" />
        </Field>
        <Field>
          B<Input name="b" defaultValue={compare.b ?? ""} list="compare-options" />
        </Field>
        <datalist id="compare-options">
          {compare.options.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
        <Button type="submit" variant="secondary">
          Compare
        </Button>
      </form>
      {compare.rows.length === 0 ? (
        <p className="text-muted-foreground">
          Two {DIMENSION_LABEL[compare.dimension]}s with scores are needed to compare.
        </p>
      ) : (
        <Table aria-label="Comparison">
          <thead>
            <tr>
              <th>Score</th>
              <th>{compare.a} avg</th>
              <th>n</th>
              <th>{compare.b} avg</th>
              <th>n</th>
              <th>B − A</th>
            </tr>
          </thead>
          <tbody>
            {compare.rows.map((r) => (
              <tr key={r.name}>
                <td>{r.name}</td>
                <td>{fmt(r.a.avg)}</td>
                <td>{r.a.count}</td>
                <td>{fmt(r.b.avg)}</td>
                <td>{r.b.count}</td>
                <td>{signed(r.difference)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
