"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { LocalTime } from "@/components/ui/local-time";
import { apiFetch } from "@/components/ui/api-fetch";
import { Button } from "@/components/ui/button";
import { Table } from "@/components/ui/table";

type Answer = { ok: boolean; status: number | null; response: string };
type OutboxRow = {
  id: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastResponse: string | null;
  createdAt: string;
  rule: string | null;
  kind: string;
};

/** Sends a test notification and shows what the receiver answered. */
export function SendTestButton({ id, name }: { id: string; name: string }) {
  const test = useMutation({ mutationFn: () => apiFetch<Answer>(`/api/v1/channels/${id}/test`, { method: "POST" }) });
  return (
    <span>
      <Button type="button" variant="secondary" onClick={() => test.mutate()} disabled={test.isPending}>
        Send test
      </Button>
      {test.data && (
        <span
          role="status"
          aria-label={`Test answer from ${name}`}
          className={test.data.ok ? "text-success" : "text-destructive"}
        >
          {" "}
          {test.data.ok ? "delivered" : "failed"}
          {test.data.status !== null ? ` (${test.data.status})` : ""}: {test.data.response || "no body"}
        </span>
      )}
      {test.isError && (
        <span role="alert" className="text-destructive">
          {" "}
          {test.error.message}
        </span>
      )}
    </span>
  );
}

/** The channel's latest deliveries: waiting for a retry, sent, or given up on. */
export function OutboxView({ id, name }: { id: string; name: string }) {
  const outbox = useQuery({
    queryKey: ["settings", "channels", id, "outbox"],
    queryFn: () => apiFetch<{ data: OutboxRow[] }>(`/api/v1/channels/${id}/outbox`),
  });
  if (!outbox.data) return null;
  if (outbox.data.data.length === 0) return <p className="text-muted-foreground">Nothing sent to {name} yet.</p>;
  return (
    <Table aria-label={`Outbox of ${name}`}>
      <thead>
        <tr>
          <th>Created</th>
          <th>Rule</th>
          <th>Status</th>
          <th>Attempts</th>
          <th>Next retry</th>
          <th>Last answer</th>
        </tr>
      </thead>
      <tbody>
        {outbox.data.data.map((o) => (
          <tr key={o.id}>
            <td>
              <LocalTime value={o.createdAt} />
            </td>
            <td>
              {o.rule ?? "–"} ({o.kind})
            </td>
            <td className={o.status === "failed" ? "text-destructive" : undefined}>{o.status}</td>
            <td>{o.attempts}</td>
            <td>{o.nextAttemptAt ? <LocalTime value={o.nextAttemptAt} /> : "–"}</td>
            <td>
              {o.lastStatus ?? ""} {o.lastResponse ?? ""}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
