"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { settingsKeys } from "./query-keys";

type ApiKeyRow = { id: string; name: string; displayPrefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export function ApiKeysSettings() {
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const keys = useQuery({ queryKey: settingsKeys.apiKeys(), queryFn: () => apiFetch<{ data: ApiKeyRow[] }>("/api/v1/api-keys") });
  const refresh = () => queryClient.invalidateQueries({ queryKey: settingsKeys.apiKeys() });
  const create = useMutation({
    mutationFn: (name: string) => apiFetch<{ secretKey: string }>("/api/v1/api-keys", { method: "POST", body: name ? { name } : {} }),
    onSuccess: (result) => { setSecret(result.secretKey); void refresh(); },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/api-keys/${id}`, { method: "DELETE" }),
    onSuccess: () => void refresh(),
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(String(new FormData(event.currentTarget).get("name") ?? "").trim());
    event.currentTarget.reset();
  }

  const error = create.error ?? revoke.error ?? keys.error;
  return (
    <div>
      <form className="panel form-row" onSubmit={onCreate}>
        <label>Key name<input name="name" placeholder="e.g. production exporter" /></label>
        <button type="submit" disabled={create.isPending}>Create API key</button>
      </form>
      {secret && (
        <div className="notice" role="status">
          Copy this secret now; it is shown this once:
          <div className="secret" data-testid="new-secret">{secret}</div>
        </div>
      )}
      {error && <p className="notice error" role="alert">{error.message}</p>}
      <div className="panel">
        <table>
          <thead><tr><th>Name</th><th>Key</th><th>Created</th><th>Last used</th><th>Status</th><th /></tr></thead>
          <tbody>
            {keys.data?.data.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td><code>{k.displayPrefix}</code></td>
                <td>{k.createdAt.slice(0, 16).replace("T", " ")}</td>
                <td>{k.lastUsedAt ? k.lastUsedAt.slice(0, 16).replace("T", " ") : "never"}</td>
                <td>{k.revokedAt ? "revoked" : "active"}</td>
                <td>{!k.revokedAt && <button type="button" className="danger" onClick={() => revoke.mutate(k.id)}>Revoke {k.name}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {keys.data?.data.length === 0 && <p className="muted">No API keys yet.</p>}
      </div>
    </div>
  );
}
