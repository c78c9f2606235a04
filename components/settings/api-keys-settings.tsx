"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { settingsKeys } from "./query-keys";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field, InlineField } from "@/components/ui/label";
import { Table } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/states";
import { TableSkeleton } from "@/components/ui/skeleton";

type Scope = "ingest" | "read" | "write";
type ApiKeyRow = {
  id: string;
  name: string;
  scopes: Scope[];
  displayPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const SCOPES: Array<{ scope: Scope; help: string }> = [
  { scope: "ingest", help: "send traces, logs, metrics and scores" },
  { scope: "read", help: "read traces, cost, quality and alerts" },
  { scope: "write", help: "change configuration: prices, rules, channels, settings" },
];

function ScopeEditor({
  row,
  onSave,
  pending,
}: {
  row: ApiKeyRow;
  onSave: (scopes: Scope[]) => void;
  pending: boolean;
}) {
  const [scopes, setScopes] = useState<Scope[]>(row.scopes);
  const changed = scopes.join() !== row.scopes.join();
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {SCOPES.map(({ scope }) => (
        <InlineField key={scope}>
          <Input
            type="checkbox"
            checked={scopes.includes(scope)}
            onChange={(e) =>
              setScopes(SCOPES.map((s) => s.scope).filter((s) => (s === scope ? e.target.checked : scopes.includes(s))))
            }
            aria-label={`${row.name}: ${scope}`}
          />
          {scope}
        </InlineField>
      ))}
      {changed && (
        <Button type="button" disabled={pending || scopes.length === 0} onClick={() => onSave(scopes)}>
          Save scopes
        </Button>
      )}
    </span>
  );
}

export function ApiKeysSettings() {
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const keys = useQuery({
    queryKey: settingsKeys.apiKeys(),
    queryFn: () => apiFetch<{ data: ApiKeyRow[] }>("/api/v1/api-keys"),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys() });
  const create = useMutation({
    mutationFn: ({ name, scopes }: { name: string; scopes: Scope[] }) =>
      apiFetch<{ secretKey: string }>("/api/v1/api-keys", {
        method: "POST",
        body: name ? { name, scopes } : { scopes },
      }),
    onSuccess: (result) => {
      setSecret(result.secretKey);
      void refresh();
    },
  });
  const changeScopes = useMutation({
    mutationFn: ({ id, scopes }: { id: string; scopes: Scope[] }) =>
      apiFetch(`/api/v1/api-keys/${id}`, { method: "PATCH", body: { scopes } }),
    onSuccess: () => void refresh(),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/api-keys/${id}`, { method: "DELETE" }),
    onSuccess: () => void refresh(),
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scopes = SCOPES.map((s) => s.scope).filter((s) => form.get(`scope-${s}`) === "on");
    create.mutate({ name: String(form.get("name") ?? "").trim(), scopes });
    event.currentTarget.reset();
  }

  const error = create.error ?? changeScopes.error ?? revoke.error ?? keys.error;
  return (
    <div>
      <form className={cn(cardClass, "flex flex-wrap items-end gap-3")} onSubmit={onCreate}>
        <Field>
          Key name
          <Input name="name" placeholder="e.g. production exporter" />
        </Field>
        <fieldset className="flex h-9 items-center gap-3">
          <legend className="float-left mr-1 text-sm text-muted-foreground">Scopes</legend>
          {SCOPES.map(({ scope, help }) => (
            <InlineField key={scope} title={help}>
              <Input type="checkbox" name={`scope-${scope}`} defaultChecked={scope === "ingest"} />
              {scope}
            </InlineField>
          ))}
        </fieldset>
        <Button type="submit" disabled={create.isPending}>
          Create API key
        </Button>
      </form>
      {secret && (
        <Alert role="status">
          Copy this secret now; it is shown this once:
          <div
            className="rounded-md bg-sidebar px-3 py-2 font-mono text-sm break-all text-emerald-300"
            data-testid="new-secret"
          >
            {secret}
          </div>
        </Alert>
      )}
      {error && (
        <Alert variant="destructive" role="alert">
          {error.message}
        </Alert>
      )}
      <Card>
        <Table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Scopes</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data?.data.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.displayPrefix}</code>
                </td>
                <td>
                  {k.revokedAt ? (
                    k.scopes.join(", ")
                  ) : (
                    <ScopeEditor
                      key={k.scopes.join()}
                      row={k}
                      pending={changeScopes.isPending}
                      onSave={(scopes) => changeScopes.mutate({ id: k.id, scopes })}
                    />
                  )}
                </td>
                <td>{k.createdAt.slice(0, 16).replace("T", " ")}</td>
                <td>{k.lastUsedAt ? k.lastUsedAt.slice(0, 16).replace("T", " ") : "never"}</td>
                <td>{k.revokedAt ? "revoked" : "active"}</td>
                <td>
                  {!k.revokedAt && (
                    <ConfirmButton
                      title={`Revoke ${k.name}?`}
                      body={<p>Exporters and scripts using this key get 401 from now on. This cannot be undone.</p>}
                      confirmLabel="Revoke key"
                      onConfirm={() => revoke.mutate(k.id)}
                    >
                      Revoke {k.name}
                    </ConfirmButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
        {keys.isPending && <TableSkeleton />}
        {keys.data?.data.length === 0 && <EmptyState>No API keys yet.</EmptyState>}
      </Card>
    </div>
  );
}
