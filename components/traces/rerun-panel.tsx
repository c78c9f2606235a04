"use client";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { formatCount, formatDuration, formatUsd } from "@/lib/format/number";
import type { prepareRerun } from "@/lib/replay/recorded-step";
import type { RerunResult } from "@/lib/replay/rerun-input";
import { alertVariants } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { Input, Textarea } from "@/components/ui/input";
import { Field, InlineField } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table } from "@/components/ui/table";

type Prepared = Awaited<ReturnType<typeof prepareRerun>>;
const PARAMETERS = ["temperature", "top_p", "max_tokens", "frequency_penalty", "presence_penalty", "seed"] as const;

const rerunKey = (traceId: string, spanId: string) => ["rerun", traceId, spanId] as const;
const rerunUrl = (traceId: string, spanId: string) => `/api/v1/traces/${traceId}/spans/${spanId}/rerun`;

function parseJson(label: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${label}: not valid JSON`);
  }
}

/** The recorded answer against the new one: figures side by side, then a word diff. */
function Comparison({ result }: { result: RerunResult }) {
  const rows: Array<[string, string, string]> = [
    [
      "Tokens in / out",
      `${formatCount(result.recorded.inputTokens)} / ${formatCount(result.recorded.outputTokens)}`,
      `${formatCount(result.inputTokens)} / ${formatCount(result.outputTokens)}`,
    ],
    ["Cost", formatUsd(result.recorded.costUsd), formatUsd(result.costUsd)],
    ["Latency", formatDuration(result.recorded.latencyMs), formatDuration(result.latencyMs)],
  ];
  return (
    <section aria-label="Re-run result">
      {result.error && (
        <p className={alertVariants({ variant: "destructive" })} role="alert">
          {result.error}
        </p>
      )}
      <Table>
        <thead>
          <tr>
            <th />
            <th>Recorded</th>
            <th>Re-run ({result.responseModel ?? result.model})</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, before, after]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{before}</td>
              <td data-testid={`rerun-${label.split(" ")[0]!.toLowerCase()}`}>{after}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Answer</th>
            <td className="whitespace-pre-wrap">{result.recorded.answer}</td>
            <td className="whitespace-pre-wrap" data-testid="rerun-answer">
              {result.answer}
            </td>
          </tr>
        </tbody>
      </Table>
      <h4>Difference</h4>
      <p className="whitespace-pre-wrap" data-testid="rerun-diff">
        {result.diff.map((d, i) =>
          d.op === "added" ? (
            <ins key={i} className="text-success">
              {d.text}
            </ins>
          ) : d.op === "removed" ? (
            <del key={i} className="text-destructive">
              {d.text}
            </del>
          ) : (
            <span key={i}>{d.text}</span>
          ),
        )}
      </p>
      <p className="text-muted-foreground">
        {result.calls} model call(s)
        {result.stubbedToolResults ? `, ${result.stubbedToolResults} tool result(s) replayed as recorded` : ""}.{" "}
        <Link href={`/traces/${result.replayTraceId}`}>Open the re-run trace</Link>
      </p>
    </section>
  );
}

function Editor({ traceId, spanId, prepared }: { traceId: string; spanId: string; prepared: Prepared }) {
  const [formError, setFormError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch<RerunResult>(rerunUrl(traceId, spanId), { method: "POST", body }),
  });
  const model = prepared.models.includes(prepared.model) ? prepared.model : prepared.models[0];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      const parameters: Record<string, number> = {};
      for (const name of PARAMETERS) {
        const raw = String(form.get(name) ?? "").trim();
        if (raw) parameters[name] = Number(raw);
      }
      const tools = String(form.get("tools") ?? "").trim();
      setFormError(null);
      run.mutate({
        model: String(form.get("model") ?? ""),
        messages: parseJson("Messages", String(form.get("messages") ?? "")),
        tools: tools ? parseJson("Tools", tools) : null,
        parameters,
        stubTools: form.get("stubTools") === "on",
      });
    } catch (error) {
      setFormError((error as Error).message);
    }
  }

  return (
    <>
      <form onSubmit={onSubmit} className="grid gap-2.5" aria-label="Re-run editor">
        <Field>
          Model
          <Select name="model" defaultValue={model}>
            {prepared.models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </Select>
        </Field>
        <div className="flex flex-wrap items-end gap-3">
          {PARAMETERS.map((name) => (
            <Field key={name}>
              {name}
              <Input name={name} type="number" step="any" defaultValue={prepared.parameters[name] ?? ""} />
            </Field>
          ))}
        </div>
        <Field>
          Messages (JSON)
          <Textarea name="messages" rows={12} defaultValue={JSON.stringify(prepared.messages, null, 2)} />
        </Field>
        <Field>
          Tools (JSON, optional)
          <Textarea
            name="tools"
            rows={4}
            defaultValue={prepared.tools ? JSON.stringify(prepared.tools, null, 2) : ""}
          />
        </Field>
        <InlineField>
          <Input type="checkbox" name="stubTools" defaultChecked /> Answer tool calls with the recorded results (
          {prepared.toolResults.length} in this trace)
        </InlineField>
        <div>
          <Button type="submit" disabled={run.isPending}>
            {run.isPending ? "Running…" : "Run"}
          </Button>
        </div>
      </form>
      {(formError ?? run.error) && (
        <p className={alertVariants({ variant: "destructive" })} role="alert">
          {formError ?? run.error?.message}
        </p>
      )}
      {run.data && <Comparison result={run.data} />}
    </>
  );
}

/** "Re-run" on an LLM step: its messages, model and parameters in an editor, run against the project's endpoint. */
export function RerunPanel({ traceId, spanId }: { traceId: string; spanId: string }) {
  const [open, setOpen] = useState(false);
  const prepared = useQuery({
    queryKey: rerunKey(traceId, spanId),
    queryFn: () => apiFetch<Prepared>(rerunUrl(traceId, spanId)),
    enabled: open,
  });
  if (!open)
    return (
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        Re-run
      </Button>
    );
  return (
    <section className={cardClass} aria-label="Re-run">
      <h3 className="mt-0">
        Re-run this step{" "}
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Close
        </Button>
      </h3>
      {prepared.isPending && <p className="text-muted-foreground">Loading the recorded step…</p>}
      {prepared.error && (
        <p className={alertVariants({ variant: "destructive" })} role="alert">
          {prepared.error.message}
        </p>
      )}
      {prepared.data &&
        (prepared.data.endpointConfigured ? (
          <Editor key={spanId} traceId={traceId} spanId={spanId} prepared={prepared.data} />
        ) : (
          <p className={alertVariants()}>
            No model endpoint is configured: set one in <Link href="/settings/quality">Settings → Quality</Link>.
          </p>
        ))}
    </section>
  );
}
