"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { formatCount } from "@/lib/format/number";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

/** Import CSV or JSONL items into a set (a new version); a bad line is named by the API. */
export function SetImport({ sets }: { sets: Array<{ id: string; name: string }> }) {
  const router = useRouter();
  const upload = useMutation({
    mutationFn: async (form: { setId: string; name: string; file: File }) => {
      const id =
        form.setId ||
        (
          await apiFetch<{ id: string }>("/api/v1/sets", {
            method: "POST",
            body: { name: form.name || form.file.name },
          })
        ).id;
      const format = form.file.name.toLowerCase().endsWith(".csv") ? "csv" : "jsonl";
      return apiFetch<{ added: number; version: number }>(`/api/v1/sets/${id}/import`, {
        method: "POST",
        body: { format, content: await form.file.text() },
      });
    },
    onSuccess: () => router.refresh(),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return;
    upload.mutate({ setId: String(form.get("setId") ?? ""), name: String(form.get("name") ?? "").trim(), file });
  }

  return (
    <form className={cn(cardClass, "flex flex-wrap items-end gap-3")} onSubmit={onSubmit} aria-label="Import items">
      <Field>
        Into
        <Select name="setId" defaultValue="">
          <option value="">a new set</option>
          {sets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        New set name
        <Input name="name" placeholder="the file's name" />
      </Field>
      <Field>
        File (.csv or .jsonl)
        <Input name="file" type="file" accept=".csv,.jsonl,.ndjson" required />
      </Field>
      <Button type="submit" disabled={upload.isPending}>
        Import
      </Button>
      {upload.error && (
        <span className="text-sm text-destructive" role="alert">
          {upload.error.message}
        </span>
      )}
      {upload.data && (
        <span role="status">
          Imported {formatCount(upload.data.added)} item(s), now v{upload.data.version}.
        </span>
      )}
    </form>
  );
}
