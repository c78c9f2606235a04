"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { formatCount } from "@/lib/format/number";

type RegressionSet = { id: string; name: string; version: number };
type Added = RegressionSet & { added: number; skipped: number };
const setKeys = { all: ["regression-sets"] as const };
const NEW = "__new__";

/** "Add to set": these traces (by id) or the traces a list filter finds, into a set or a new one. */
export function AddToSet({ traceIds, filter }: { traceIds?: string[]; filter?: Record<string, unknown> }) {
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const sets = useQuery({
    queryKey: setKeys.all,
    queryFn: () => apiFetch<RegressionSet[]>("/api/v1/sets"),
    enabled: open,
  });
  const add = useMutation({
    mutationFn: async (form: { setId: string; name: string; label: string; expectedOutput: string }) => {
      const id =
        form.setId === NEW
          ? (await apiFetch<RegressionSet>("/api/v1/sets", { method: "POST", body: { name: form.name } })).id
          : form.setId;
      return apiFetch<Added>(`/api/v1/sets/${id}/items`, {
        method: "POST",
        body: {
          ...(traceIds ? { traceIds } : { filter: filter ?? {} }),
          label: form.label || null,
          expectedOutput: form.expectedOutput || null,
        },
      });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: setKeys.all }),
  });

  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        {traceIds ? "Add to set" : "Add this filter's traces to a set"}
      </button>
    );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim();
    add.mutate({
      setId: value("setId"),
      name: value("name"),
      label: value("label"),
      expectedOutput: value("expected"),
    });
  }

  return (
    <form className="panel form-row" onSubmit={onSubmit} aria-label="Add to set">
      <label>
        Set
        <select name="setId" defaultValue={NEW}>
          <option value={NEW}>New set…</option>
          {(sets.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} (v{s.version})
            </option>
          ))}
        </select>
      </label>
      <label>
        New set name
        <input name="name" placeholder="refund failures" />
      </label>
      <label>
        Label
        <input name="label" placeholder="optional" />
      </label>
      {traceIds && (
        <label>
          Expected output
          <input name="expected" placeholder="optional" />
        </label>
      )}
      <button type="submit" disabled={add.isPending}>
        Add
      </button>
      {add.error && (
        <span className="error-text" role="alert">
          {add.error.message}
        </span>
      )}
      {add.data && (
        <span role="status">
          Added {formatCount(add.data.added)} to {add.data.name}, now v{add.data.version}
          {add.data.skipped ? ` (${formatCount(add.data.skipped)} already in it or without an LLM call)` : ""}.{" "}
          <a href={`/api/v1/sets/${add.data.id}/export?format=jsonl`}>JSONL</a> ·{" "}
          <a href={`/api/v1/sets/${add.data.id}/export?format=csv`}>CSV</a>
        </span>
      )}
    </form>
  );
}
