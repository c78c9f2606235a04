"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { settingsKeys } from "./query-keys";
import { ConfirmButton } from "@/components/ui/confirm-button";

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
    <span className="scope-editor">
      {SCOPES.map(({ scope }) => (
        <label key={scope} className="inline">
          <input
            type="checkbox"
            checked={scopes.includes(scope)}
            onChange={(e) =>
              setScopes(SCOPES.map((s) => s.scope).filter((s) => (s === scope ? e.target.checked : scopes.includes(s))))
            }
            aria-label={`${row.name}: ${scope}`}
          />
          {scope}
        </label>
      ))}
      {changed && (
        <button type="button" disabled={pending || scopes.length === 0} onClick={() => onSave(scopes)}>
          Save scopes
        </button>
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
      <form className="panel form-row" onSubmit={onCreate}>
        <label>
          Key name
          <input name="name" placeholder="e.g. production exporter" />
        </label>
        <fieldset className="inline">
          <legend>Scopes</legend>
          {SCOPES.map(({ scope, help }) => (
            <label key={scope} className="inline" title={help}>
              <input type="checkbox" name={`scope-${scope}`} defaultChecked={scope === "ingest"} />
              {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending}>
          Create API key
        </button>
      </form>
      {secret && (
        <div className="notice" role="status">
          Copy this secret now; it is shown this once:
          <div className="secret" data-testid="new-secret">
            {secret}
          </div>
        </div>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error.message}
        </p>
      )}
      <div className="panel">
        <table>
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
        </table>
        {keys.data?.data.length === 0 && <p className="muted">No API keys yet.</p>}
      </div>
    </div>
  );
}
