"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { formatCount } from "@/lib/format/number";

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
    <form className="panel form-row" onSubmit={onSubmit} aria-label="Import items">
      <label>
        Into
        <select name="setId" defaultValue="">
          <option value="">a new set</option>
          {sets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        New set name
        <input name="name" placeholder="the file's name" />
      </label>
      <label>
        File (.csv or .jsonl)
        <input name="file" type="file" accept=".csv,.jsonl,.ndjson" required />
      </label>
      <button type="submit" disabled={upload.isPending}>
        Import
      </button>
      {upload.error && (
        <span className="error-text" role="alert">
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
