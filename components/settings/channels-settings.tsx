"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { OutboxView, SendTestButton } from "./channel-tools";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table } from "@/components/ui/table";
import { Alert } from "@/components/ui/alert";
import { TableSkeleton } from "@/components/ui/skeleton";

type ChannelRow = {
  id: string;
  type: string;
  name: string;
  summary: string;
  outbox: { pending: number; failed: number };
};
const FIELDS: Record<string, Array<{ name: string; label: string; type?: string }>> = {
  webhook: [
    { name: "url", label: "URL" },
    { name: "secret", label: "Signing secret (16+ characters)", type: "password" },
  ],
  slack: [{ name: "webhookUrl", label: "Incoming webhook URL", type: "password" }],
  email: [{ name: "to", label: "Recipients (empty: the feature's owner)" }],
  pagerduty: [{ name: "routingKey", label: "Routing key", type: "password" }],
};

/** Notification channels; their secrets go in once and are never shown again. */
export function ChannelsSettings() {
  const queryClient = useQueryClient();
  const [type, setType] = useState("webhook");
  const [shown, setShown] = useState<string | null>(null);
  const channels = useQuery({
    queryKey: ["settings", "channels"],
    queryFn: () => apiFetch<{ data: ChannelRow[] }>("/api/v1/channels"),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["settings", "channels"] });
  const create = useMutation({
    mutationFn: (body: unknown) => apiFetch("/api/v1/channels", { method: "POST", body }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/channels/${id}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const config: Record<string, unknown> = {};
    for (const f of FIELDS[type]!) {
      const value = String(form.get(f.name) ?? "").trim();
      config[f.name] = f.name === "to" ? value.split(/[\s,]+/).filter(Boolean) : value;
    }
    create.mutate({ type, name: String(form.get("name") ?? "").trim(), config });
  }
  const error = create.error ?? remove.error;
  return (
    <Card>
      <h2>Channels</h2>
      <Table aria-label="Channels">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Target</th>
            <th>Outbox</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {channels.data?.data.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{c.type}</td>
              <td>{c.summary}</td>
              <td>
                <Button type="button" variant="link" onClick={() => setShown(shown === c.id ? null : c.id)}>
                  {c.outbox.pending} waiting, {c.outbox.failed} failed
                </Button>
              </td>
              <td>
                <SendTestButton id={c.id} name={c.name} />{" "}
                <ConfirmButton
                  variant="secondary"
                  title={`Remove ${c.name}?`}
                  body={<p>Rules that notify it stop sending there.</p>}
                  confirmLabel="Remove channel"
                  onConfirm={() => remove.mutate(c.id)}
                >
                  Remove
                </ConfirmButton>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {channels.isPending && <TableSkeleton />}
      {shown && <OutboxView id={shown} name={channels.data?.data.find((c) => c.id === shown)?.name ?? ""} />}
      <form className="mt-4 flex flex-wrap items-end gap-3" onSubmit={onSubmit} aria-label="Add channel">
        <Field>
          Type
          <Select value={type} onChange={(e) => setType(e.target.value)}>
            {Object.keys(FIELDS).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </Select>
        </Field>
        <Field>
          Name
          <Input name="name" required />
        </Field>
        {FIELDS[type]!.map((f) => (
          <Field key={`${type}-${f.name}`}>
            {f.label}
            <Input name={f.name} type={f.type ?? "text"} autoComplete="off" />
          </Field>
        ))}
        <Button type="submit" disabled={create.isPending}>
          Add channel
        </Button>
      </form>
      {error && (
        <Alert variant="destructive" role="alert">
          {error.message}
        </Alert>
      )}
    </Card>
  );
}
