"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { apiFetch } from "@/components/ui/api-fetch";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Table } from "@/components/ui/table";
import { formatCount, formatUsd } from "@/lib/format/number";
import { experimentKeys, POLL_MS, STATUS_LABEL, type ExperimentListEntry, type ExperimentStatus } from "./types";

const VARIANT: Record<ExperimentStatus, "secondary" | "success" | "warning" | "destructive"> = {
  running: "secondary",
  done: "success",
  stopped_by_cap: "warning",
  failed: "destructive",
  interrupted: "warning",
};

export function ExperimentStatusBadge({ status }: { status: ExperimentStatus }) {
  return <Badge variant={VARIANT[status]}>{STATUS_LABEL[status]}</Badge>;
}

/** The set's experiments with their status and progress; refreshed while one runs. */
export function ExperimentList({ setId, initial }: { setId: string; initial: ExperimentListEntry[] }) {
  const list = useQuery({
    queryKey: experimentKeys.list(setId),
    queryFn: () => apiFetch<ExperimentListEntry[]>(`/api/v1/sets/${setId}/experiments`),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.some((e) => e.status === "running") ? POLL_MS : false),
  });
  const experiments = list.data;
  if (experiments.length === 0) return <p className="text-muted-foreground">No experiments yet.</p>;
  return (
    <Card>
      <Table aria-label="Experiments">
        <thead>
          <tr>
            <th>Started</th>
            <th>Model</th>
            <th>Set version</th>
            <th>Status</th>
            <th>Items</th>
            <th>Differing</th>
            <th>Errors</th>
            <th>Cost</th>
          </tr>
        </thead>
        <tbody>
          {experiments.map((e) => (
            <tr key={e.id}>
              <td>
                <Link href={`/experiments/${e.id}`}>
                  <LocalTime value={e.startedAt} />
                </Link>
              </td>
              <td>{e.variant.model}</td>
              <td>v{e.setVersion}</td>
              <td>
                <ExperimentStatusBadge status={e.status} />
              </td>
              <td>
                {formatCount(e.itemsFinished)} / {formatCount(e.itemCount)}
              </td>
              <td>{e.totals ? formatCount(e.totals.differing) : "–"}</td>
              <td>{e.totals ? formatCount(e.totals.errors) : "–"}</td>
              <td>{e.totals ? formatUsd((e.totals.costUsd ?? 0) + (e.totals.judgeCostUsd ?? 0)) : "–"}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
