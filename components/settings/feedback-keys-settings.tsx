"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { settingsKeys } from "./query-keys";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Table } from "@/components/ui/table";
import { Alert } from "@/components/ui/alert";
import { TableSkeleton } from "@/components/ui/skeleton";

type FeedbackKeyRow = {
  id: string;
  name: string;
  publicKey: string;
  allowedOrigins: string[];
  ratePerMinute: number;
  revokedAt: string | null;
};

/** Public keys for end-user feedback from the product's front end. */
export function FeedbackKeysSettings() {
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: settingsKeys.feedbackKeys(),
    queryFn: () => apiFetch<{ data: FeedbackKeyRow[] }>("/api/v1/feedback-keys"),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.feedbackKeys() });
  const create = useMutation({
    mutationFn: (body: { name: string; allowedOrigins: string[]; ratePerMinute: number }) =>
      apiFetch("/api/v1/feedback-keys", { method: "POST", body }),
    onSuccess: () => void refresh(),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/feedback-keys/${id}`, { method: "DELETE" }),
    onSuccess: () => void refresh(),
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get("name") ?? "").trim(),
      allowedOrigins: String(form.get("origins") ?? "")
        .split(/[\s,]+/)
        .filter(Boolean),
      ratePerMinute: Number(form.get("rate")),
    });
  }

  const error = create.error ?? revoke.error ?? keys.error;
  return (
    <Card>
      <h2>End-user feedback keys</h2>
      <p className="text-muted-foreground">
        Public keys for your product&apos;s front end: <code>POST /api/v1/feedback?key=…</code> with{" "}
        <code>{'{ "traceId", "rating": "up" | "down", "comment"? }'}</code>. They can record feedback and nothing else.
      </p>
      <form className="flex flex-wrap items-end gap-3" onSubmit={onCreate}>
        <Field>
          Name
          <Input name="name" required placeholder="e.g. web app" />
        </Field>
        <Field>
          Allowed origins
          <Input name="origins" placeholder="https://app.example.com" size={30} />
        </Field>
        <Field>
          Per minute per client
          <Input name="rate" type="number" min={1} max={10000} defaultValue={60} />
        </Field>
        <Button type="submit" disabled={create.isPending}>
          Create feedback key
        </Button>
      </form>
      {error && (
        <Alert variant="destructive" role="alert">
          {error.message}
        </Alert>
      )}
      <Table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Public key</th>
            <th>Origins</th>
            <th>Rate</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.data?.data.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>
                <code>{k.publicKey}</code>
              </td>
              <td>{k.allowedOrigins.join(", ") || "none (server-side calls only)"}</td>
              <td>{k.ratePerMinute}/min</td>
              <td>{k.revokedAt ? "revoked" : "active"}</td>
              <td>
                {!k.revokedAt && (
                  <ConfirmButton
                    variant="secondary"
                    title="Revoke this feedback key?"
                    body={<p>Pages sending feedback with it are refused from now on.</p>}
                    confirmLabel="Revoke key"
                    onConfirm={() => revoke.mutate(k.id)}
                  >
                    Revoke
                  </ConfirmButton>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {keys.isPending && <TableSkeleton />}
    </Card>
  );
}
