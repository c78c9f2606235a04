"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { formatCount } from "@/lib/format/number";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

type RegressionSet = { id: string; name: string; version: number };
type Added = RegressionSet & { added: number; skipped: number };
const setKeys = { all: ["regression-sets"] as const };
const NEW = "__new__";

/**
 * "Add to set": these traces (by id), the traces a list filter finds, or a session's turns (one
 * item each), into a set or a new one.
 */
export function AddToSet({
  traceIds,
  filter,
  sessionId,
}: {
  traceIds?: string[];
  filter?: Record<string, unknown>;
  sessionId?: string;
}) {
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
          ...(traceIds ? { traceIds } : sessionId !== undefined ? { sessionId } : { filter: filter ?? {} }),
          label: form.label || null,
          expectedOutput: form.expectedOutput || null,
        },
      });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: setKeys.all }),
  });

  if (!open)
    return (
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        {traceIds ? "Add to set" : sessionId !== undefined ? "Add session to set" : "Add this filter's traces to a set"}
      </Button>
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
    <form className={cn(cardClass, "flex flex-wrap items-end gap-3")} onSubmit={onSubmit} aria-label="Add to set">
      <Field>
        Set
        <Select name="setId" defaultValue={NEW}>
          <option value={NEW}>New set…</option>
          {(sets.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} (v{s.version})
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        New set name
        <Input name="name" placeholder="refund failures" />
      </Field>
      <Field>
        Label
        <Input name="label" placeholder="optional" />
      </Field>
      {traceIds && (
        <Field>
          Expected output
          <Input name="expected" placeholder="optional" />
        </Field>
      )}
      <Button type="submit" disabled={add.isPending}>
        Add
      </Button>
      {add.error && (
        <span className="text-sm text-destructive" role="alert">
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
