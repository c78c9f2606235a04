"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { Badge } from "@/components/ui/badge";
import { Card, StatTile } from "@/components/ui/card";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { ErrorState } from "@/components/ui/states";
import { Table, clipCell } from "@/components/ui/table";
import { formatCount, formatDuration, formatPercent, formatScore, formatUsd } from "@/lib/format/number";
import { ExperimentStatusBadge } from "./experiment-list";
import {
  experimentKeys,
  POLL_MS,
  type Comparison,
  type ExperimentListEntry,
  type Side,
  type SideAggregate,
} from "./types";

const RECORDED = "recorded";

const ROWS: Array<{ label: string; value: (a: SideAggregate) => string }> = [
  { label: "Items", value: (a) => formatCount(a.items) },
  { label: "Errors", value: (a) => formatCount(a.errors) },
  { label: "Judge (mean)", value: (a) => (a.judge.n ? formatScore(a.judge.mean) : "–") },
  { label: "Exact match", value: (a) => formatPercent(a.exactRate) },
  { label: "Contains", value: (a) => formatPercent(a.containsRate) },
  { label: "JSON schema", value: (a) => formatPercent(a.jsonSchemaRate) },
  { label: "Cost", value: (a) => formatUsd(a.costUsd) },
  { label: "Latency p50", value: (a) => formatDuration(a.latencyP50Ms) },
  { label: "Latency p95", value: (a) => formatDuration(a.latencyP95Ms) },
];

const question = (input: Comparison["items"][number]["input"]) =>
  [...input].reverse().find((m) => m.role === "user")?.content ?? "";

function SideCell({ side, testId }: { side: Side | null; testId: string }) {
  if (!side) return <td className="text-muted-foreground">not run</td>;
  return (
    <td data-testid={testId} className={clipCell} title={side.error ?? side.answer}>
      {side.error ? <span className="text-destructive">{side.error}</span> : side.answer}
    </td>
  );
}

/** An experiment against the recorded answers or another run: aggregate, then items, differing first. */
export function ExperimentResults({ experimentId, others }: { experimentId: string; others: ExperimentListEntry[] }) {
  const [against, setAgainst] = useState(RECORDED);
  const compared = useQuery({
    queryKey: experimentKeys.compare(experimentId, against),
    queryFn: () =>
      apiFetch<Comparison>(`/api/v1/experiments/${experimentId}/compare?against=${encodeURIComponent(against)}`),
    refetchInterval: (query) => (query.state.data?.experiment.status === "running" ? POLL_MS : false),
  });
  const data = compared.data;
  const baselineName = against === RECORDED ? "Recorded" : "Other run";

  return (
    <>
      <Field className="mb-4 max-w-md">
        Compare with
        <Select value={against} onChange={(e) => setAgainst(e.target.value)}>
          <option value={RECORDED}>the recorded answers</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.variant.model}, set v{o.setVersion} ({o.status}) {o.id.slice(0, 8)}
            </option>
          ))}
        </Select>
      </Field>
      {compared.error && <ErrorState>{compared.error.message}</ErrorState>}
      {data && (
        <>
          <div className="mb-4 flex flex-wrap items-center gap-3" role="status" aria-label="Progress">
            <ExperimentStatusBadge status={data.experiment.status} />
            <span data-testid="experiment-progress">
              {formatCount(data.experiment.itemsFinished)} of {formatCount(data.experiment.itemCount)} items
            </span>
            {data.experiment.error && <span className="text-destructive">{data.experiment.error}</span>}
          </div>
          <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4">
            <StatTile
              label="Differing items"
              value={<span data-testid="experiment-differing">{formatCount(data.aggregate.differing)}</span>}
            />
            <StatTile label="Items compared" value={formatCount(data.aggregate.items)} />
          </div>
          <Card>
            <Table aria-label="Aggregate">
              <thead>
                <tr>
                  <th></th>
                  <th>This run ({data.experiment.variant.model})</th>
                  <th>
                    {against === RECORDED
                      ? "Recorded"
                      : `Other run (${data.against.kind === "experiment" ? data.against.model : ""})`}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ROWS.map((r) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    <td>{r.value(data.aggregate.variant)}</td>
                    <td>{r.value(data.aggregate.baseline)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
          <Card>
            <Table aria-label="Items">
              <thead>
                <tr>
                  <th>Input</th>
                  <th>This run</th>
                  <th>{baselineName}</th>
                  <th>Judge</th>
                  <th>Cost</th>
                  <th>Latency</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((i) => (
                  <tr key={i.itemId} data-differs={i.differs}>
                    <td className={clipCell} title={question(i.input)}>
                      {question(i.input)}
                    </td>
                    <SideCell side={i.variant} testId="item-variant" />
                    <SideCell side={i.baseline} testId="item-baseline" />
                    <td>
                      {formatScore(i.variant?.judge)} / {formatScore(i.baseline?.judge)}
                    </td>
                    <td>
                      {formatUsd(i.variant?.costUsd)} / {formatUsd(i.baseline?.costUsd)}
                    </td>
                    <td>
                      {formatDuration(i.variant?.latencyMs)} / {formatDuration(i.baseline?.latencyMs)}
                    </td>
                    <td>
                      {i.differs ? <Badge variant="warning">differs</Badge> : <Badge variant="outline">same</Badge>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        </>
      )}
    </>
  );
}
