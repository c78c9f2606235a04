"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { LocalTime } from "@/components/ui/local-time";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input, Textarea } from "@/components/ui/input";
import { Field, FormRow, InlineField } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";

type JudgeSettings = {
  enabled: boolean;
  baseUrl: string;
  model: string;
  allowedModels: string[];
  hasApiKey: boolean;
  scoreName: string;
  template: string;
  sampleRate: number;
  maxTracesPerRun: number;
  lastRunAt: string | null;
};
type Run = { judged: number; failed: Array<{ traceId: string; error: string }> };

/** The optional LLM-as-judge: endpoint, model, key (write-only), template and sampling. */
export function JudgeSettingsForm({ initial }: { initial: JudgeSettings }) {
  const [current, setCurrent] = useState(initial);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch<JudgeSettings>("/api/v1/settings/judge", { method: "PUT", body }),
    onSuccess: setCurrent,
  });
  const run = useMutation({ mutationFn: () => apiFetch<Run>("/api/v1/settings/judge/run", { method: "POST" }) });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const apiKey = String(form.get("apiKey") ?? "");
    save.mutate({
      enabled: form.get("enabled") === "on",
      baseUrl: String(form.get("baseUrl") ?? "").trim(),
      model: String(form.get("model") ?? "").trim(),
      allowedModels: String(form.get("allowedModels") ?? "")
        .split(",")
        .map((m) => m.trim())
        .filter(Boolean),
      ...(apiKey ? { apiKey } : {}),
      scoreName: String(form.get("scoreName") ?? "").trim(),
      template: String(form.get("template") ?? ""),
      sampleRate: Number(form.get("samplePct")) / 100,
      maxTracesPerRun: Number(form.get("maxTracesPerRun")),
    });
  }

  return (
    <form className={cn(cardClass, "grid gap-3 max-w-[720px]")} onSubmit={onSubmit} aria-label="LLM judge">
      <h2>LLM-as-judge</h2>
      <p className="text-muted-foreground">
        Every minute, a sample of new traces is sent to an OpenAI-compatible endpoint with this template (
        <code>{"{{input}}"}</code>: the first request, <code>{"{{output}}"}</code>: the last answer). Its verdict is
        stored as a <code>judge</code> score; each call is recorded as a span of feature <code>llm-judge</code>, so its
        cost shows in Cost.
      </p>
      <InlineField>
        <Input type="checkbox" name="enabled" defaultChecked={current.enabled} /> Enabled
      </InlineField>
      <Field>
        Base URL
        <Input name="baseUrl" defaultValue={current.baseUrl} placeholder="https://api.openai.com/v1" required />
      </Field>
      <Field>
        Model
        <Input name="model" defaultValue={current.model} placeholder="gpt-4o-mini" required />
      </Field>
      <Field>
        Other models for re-runs (comma-separated)
        <Input name="allowedModels" defaultValue={current.allowedModels.join(", ")} placeholder="gpt-4o, gpt-4.1" />
      </Field>
      <Field>
        API key
        <Input
          name="apiKey"
          type="password"
          autoComplete="off"
          placeholder={current.hasApiKey ? "stored (leave empty to keep)" : "none"}
        />
      </Field>
      <Field>
        Score name
        <Input name="scoreName" defaultValue={current.scoreName} />
      </Field>
      <Field>
        Template
        <Textarea name="template" rows={10} defaultValue={current.template} />
      </Field>
      <FormRow>
        <Field>
          Sample (% of traces)
          <Input name="samplePct" type="number" min={0} max={100} step="any" defaultValue={current.sampleRate * 100} />
        </Field>
        <Field>
          Traces per run at most
          <Input name="maxTracesPerRun" type="number" min={1} max={500} defaultValue={current.maxTracesPerRun} />
        </Field>
      </FormRow>
      <FormRow>
        <Button type="submit" disabled={save.isPending}>
          Save
        </Button>
        <Button
          type="button"
          variant="secondary"
          disabled={run.isPending || !current.baseUrl}
          onClick={() => run.mutate()}
        >
          Run now
        </Button>
        {current.lastRunAt && (
          <span className="text-muted-foreground">
            Last run <LocalTime value={current.lastRunAt} />
          </span>
        )}
      </FormRow>
      {save.isSuccess && (
        <p role="status" className="text-success">
          Saved.
        </p>
      )}
      {run.data && (
        <p role="status">
          Judged {run.data.judged} trace(s)
          {run.data.failed.length ? `; ${run.data.failed.length} failed: ${run.data.failed[0]!.error}` : ""}.
        </p>
      )}
      {(save.error ?? run.error) && (
        <Alert variant="destructive" role="alert">
          {(save.error ?? run.error)!.message}
        </Alert>
      )}
    </form>
  );
}
