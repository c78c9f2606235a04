"use client";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Button } from "@/components/ui/button";
import { Card, cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";

const FIELDS = [
  [
    "spanDays",
    "Spans and traces",
    "The trace list, replay and span metrics (tokens, timings, status). A trace goes whole once its last span is older.",
  ],
  [
    "payloadDays",
    "Payloads",
    "Messages, documents, tool arguments and results, events and attributes of spans, blanked earlier; at most the spans' days.",
  ],
  ["logDays", "Logs", "OTLP log records."],
  ["metricDays", "Metric points", "OTLP metrics (GPU, serving). Empty: the server's default."],
  ["scoreDays", "Scores", "Quality scores, by the time of the trace they score; may outlive the traces."],
  [
    "costDays",
    "Cost history",
    "The hourly and daily cost rollups (no payloads); at least the spans' days. Empty keeps them.",
  ],
] as const;
type Field = (typeof FIELDS)[number][0];
type Retention = Record<Field, number | null> & { effectiveMetricDays: number; appliedAt: string | null };
type Saved = { settings: Retention; removed: Record<string, number> };
type UserRemoval = { traces: number; sessions: number; spans: number; logs: number; scores: number };

const summary = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ") || "nothing";

/** Settings → Data: retention, privacy requests, deleting the project. */
export function DataSettings({
  projectId,
  projectName,
  initial,
}: {
  projectId: string;
  projectName: string;
  initial: Retention;
}) {
  const [confirmName, setConfirmName] = useState("");
  const save = useMutation({
    mutationFn: (body: Record<Field, number | null>) =>
      apiFetch<Saved>("/api/v1/settings/retention", { method: "PUT", body }),
  });
  const eraseUser = useMutation({
    mutationFn: (userId: string) =>
      apiFetch<UserRemoval>(`/api/v1/users/${encodeURIComponent(userId)}/data`, { method: "DELETE" }),
  });
  const deleteProject = useMutation({
    mutationFn: () => apiFetch(`/api/v1/projects/${projectId}`, { method: "DELETE" }),
    onSuccess: () => window.location.assign("/"),
  });

  function onSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: Field) => (String(form.get(name) ?? "").trim() === "" ? null : Number(form.get(name)));
    save.mutate(Object.fromEntries(FIELDS.map(([name]) => [name, value(name)])) as Record<Field, number | null>);
  }

  const userIdField = useRef<HTMLInputElement>(null);
  function onErase() {
    const userId = userIdField.current?.value.trim();
    if (userId) eraseUser.mutate(userId);
  }

  return (
    <div className="grid gap-4 max-w-[640px]">
      <form className={cn(cardClass, "grid gap-3")} aria-label="Retention" onSubmit={onSave}>
        <h2>Retention</h2>
        <p className="text-muted-foreground">
          Days each kind of data is kept; empty keeps it. Saving applies it to what is stored now, then every hour.
        </p>
        {FIELDS.map(([name, label, help]) => (
          <Field key={name}>
            {label} (days)
            <Input
              name={name}
              type="number"
              min={1}
              max={3650}
              defaultValue={initial[name] ?? ""}
              placeholder={name === "metricDays" ? String(initial.effectiveMetricDays) : "keep"}
            />
            <span className="text-muted-foreground">{help}</span>
          </Field>
        ))}
        <div>
          <Button type="submit" disabled={save.isPending}>
            Save and apply
          </Button>
        </div>
        {save.data && (
          <p role="status" className="text-success">
            Saved. Removed {summary(save.data.removed)}.
          </p>
        )}
        {save.isError && (
          <Alert variant="destructive" role="alert">
            {save.error.message}
          </Alert>
        )}
      </form>

      <form
        className={cn(cardClass, "grid gap-3")}
        aria-label="Delete an end user's data"
        onSubmit={(e) => e.preventDefault()}
      >
        <h2>Delete an end user&apos;s data</h2>
        <p className="text-muted-foreground">
          A privacy request: the traces whose spans name this user (<code>user.id</code>, <code>enduser.id</code>, the
          SDKs&apos; user keys), the other traces of their sessions, their logs and scores; their usage comes off the
          cost history. Recorded in the audit log.
        </p>
        <Field>
          End user id
          <Input ref={userIdField} name="userId" required maxLength={200} />
        </Field>
        <div>
          <ConfirmButton
            title="Delete this end user's data?"
            body={
              <p>
                Every trace, session, log, score and feedback of the end user id entered is deleted. This cannot be
                undone.
              </p>
            }
            confirmLabel="Delete their data"
            onConfirm={onErase}
            disabled={eraseUser.isPending}
          >
            Delete their data
          </ConfirmButton>
        </div>
        {eraseUser.data && (
          <p role="status" className="text-success">
            Removed {eraseUser.data.traces} traces ({eraseUser.data.spans} spans), {eraseUser.data.logs} logs,{" "}
            {eraseUser.data.scores} scores.
          </p>
        )}
        {eraseUser.isError && (
          <Alert variant="destructive" role="alert">
            {eraseUser.error.message}
          </Alert>
        )}
      </form>

      <Card className="grid gap-3" as="section" aria-label="Delete this project">
        <h2>Delete this project</h2>
        <p className="text-muted-foreground">
          Removes the project, its keys and settings, and every span, log, score, metric and cost row it holds. Type its
          name to confirm.
        </p>
        <Field>
          Project name
          <Input value={confirmName} onChange={(e) => setConfirmName(e.target.value)} placeholder={projectName} />
        </Field>
        <div>
          <Button
            type="button"
            variant="destructive"
            disabled={confirmName !== projectName || deleteProject.isPending}
            onClick={() => deleteProject.mutate()}
          >
            Delete project
          </Button>
        </div>
        {deleteProject.isError && (
          <Alert variant="destructive" role="alert">
            {deleteProject.error.message}
          </Alert>
        )}
      </Card>
    </div>
  );
}
