"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Input, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { experimentKeys, type ExperimentListEntry } from "./types";

const PARAMETERS = ["temperature", "top_p", "max_tokens", "seed"] as const;

/** "Run experiment": the variant (model, system prompt, parameters), checks and bounds; opens the run. */
export function RunExperiment({ setId, version, models }: { setId: string; version: number; models: string[] }) {
  const router = useRouter();
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: (body: unknown) =>
      apiFetch<ExperimentListEntry>(`/api/v1/sets/${setId}/experiments`, { method: "POST", body }),
    onSuccess: async (experiment) => {
      await client.invalidateQueries({ queryKey: experimentKeys.list(setId) });
      router.push(`/experiments/${experiment.id}`);
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim();
    const parameters = Object.fromEntries(
      PARAMETERS.filter((p) => value(p) !== "").map((p) => [p, Number(value(p))] as const),
    );
    const contains = value("contains")
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    start.mutate({
      version,
      variant: {
        model: value("model"),
        ...(value("systemPrompt") ? { systemPrompt: value("systemPrompt") } : {}),
        parameters,
      },
      checks: { exact: value("exact") === "yes", contains, judge: value("judge") === "yes" },
      concurrency: Number(value("concurrency")),
      costCapUsd: Number(value("costCapUsd")),
    });
  }

  if (models.length === 0)
    return (
      <p className="text-muted-foreground">
        No model endpoint is configured: set one in Settings → Quality to run experiments.
      </p>
    );
  return (
    <form className={cn(cardClass, "grid gap-3")} onSubmit={onSubmit} aria-label="Run experiment">
      <div className="flex flex-wrap items-end gap-3">
        <Field>
          Model
          <Select name="model" defaultValue={models[0]}>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Field>
        {PARAMETERS.map((p) => (
          <Field key={p}>
            {p}
            <Input name={p} type="number" step="any" className="w-28" placeholder="recorded" />
          </Field>
        ))}
      </div>
      <Field>
        System prompt (replaces the recorded one; empty keeps it)
        <Textarea name="systemPrompt" rows={3} />
      </Field>
      <div className="flex flex-wrap items-end gap-3">
        <Field>
          Concurrency
          <Input name="concurrency" type="number" min={1} max={8} defaultValue={4} className="w-24" required />
        </Field>
        <Field>
          Cost cap (USD)
          <Input name="costCapUsd" type="number" min={0.0001} step="any" defaultValue={1} className="w-28" required />
        </Field>
        <Field>
          Judge
          <Select name="judge" defaultValue="no">
            <option value="no">no</option>
            <option value="yes">ask the judge</option>
          </Select>
        </Field>
        <Field>
          Exact match
          <Select name="exact" defaultValue="no">
            <option value="no">no</option>
            <option value="yes">against the expected output</option>
          </Select>
        </Field>
        <Field>
          Contains (comma-separated)
          <Input name="contains" placeholder="refund, order" />
        </Field>
        <Button type="submit" disabled={start.isPending}>
          Run experiment
        </Button>
      </div>
      {start.error && (
        <span className="text-sm text-destructive" role="alert">
          {start.error.message}
        </span>
      )}
    </form>
  );
}
