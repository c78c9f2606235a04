"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/ui/api-fetch";
import { LocalTime } from "@/components/ui/local-time";
import { lowerIsBetter } from "@/lib/domain/scores/score-row";
import type { SpanDetail, TraceDetail } from "./types";
import { formatScore } from "@/lib/format/number";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Table } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/states";

type Score = TraceDetail["scores"][number];

const shown = (s: Score) =>
  (s.value !== null ? formatScore(s.value) : "") + (s.label ? `${s.value !== null ? " · " : ""}${s.label}` : "");
/** A rule score at 1 means its problem was found. */
const flagged = (s: Score) => lowerIsBetter(s.name, s.source) && s.value === 1;

/** The trace's scores (rules, feedback, judge, API, reviewers), and a form to annotate the trace or the current step. */
export function TraceScores({
  trace,
  current,
  onSelect,
}: {
  trace: TraceDetail;
  current: SpanDetail | undefined;
  onSelect: (spanId: string) => void;
}) {
  const router = useRouter();
  const [target, setTarget] = useState<"trace" | "step">("trace");
  const names = new Map(trace.spans.map((s) => [s.spanId, s.name]));
  const save = useMutation({
    mutationFn: (score: Record<string, unknown>) =>
      apiFetch<{ accepted: number; rejected: Array<{ error: string }> }>("/api/v1/scores", {
        method: "POST",
        body: { scores: [score] },
      }),
    onSuccess: (result) => {
      if (result.rejected[0]) throw new Error(result.rejected[0].error);
      router.refresh();
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = String(form.get("value") ?? "").trim();
    const label = String(form.get("label") ?? "").trim();
    save.mutate({
      traceId: trace.traceId,
      ...(target === "step" && current ? { spanId: current.spanId } : {}),
      name: String(form.get("name") ?? "").trim(),
      ...(value !== "" ? { value: Number(value) } : {}),
      ...(label ? { label } : {}),
      comment: String(form.get("comment") ?? "") || undefined,
    });
  }

  const sorted = [...trace.scores].sort((a, b) => Number(flagged(b)) - Number(flagged(a)));
  return (
    <Card aria-label="Scores">
      <h2>Scores</h2>
      {sorted.length === 0 ? (
        <EmptyState>No scores yet.</EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Value</th>
              <th>Source</th>
              <th>On</th>
              <th>By</th>
              <th>Comment</th>
              <th>Time</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((s) => (
              <tr key={`${s.spanId}-${s.name}-${s.source}`} className={flagged(s) ? "text-destructive" : undefined}>
                <td>{s.name}</td>
                <td>{shown(s)}</td>
                <td>{s.source}</td>
                <td>
                  {s.spanId ? (
                    <Button type="button" variant="link" onClick={() => onSelect(s.spanId!)}>
                      {names.get(s.spanId) ?? s.spanId}
                    </Button>
                  ) : (
                    "trace"
                  )}
                </td>
                <td>{s.author ?? "–"}</td>
                <td>{s.comment ?? ""}</td>
                <td className="text-muted-foreground">
                  <LocalTime value={s.time} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {trace.canAnnotate && (
        <form onSubmit={onSubmit} className="mt-4 flex flex-wrap items-end gap-3" aria-label="Annotate">
          <Field>
            Score name
            <Input name="name" defaultValue="review" required maxLength={200} />
          </Field>
          <Field>
            Value
            <Input name="value" type="number" step="any" placeholder="e.g. 0.2" />
          </Field>
          <Field>
            Label
            <Input name="label" maxLength={200} placeholder="e.g. hallucination" />
          </Field>
          <Field>
            Comment
            <Input name="comment" maxLength={4000} />
          </Field>
          <Field>
            On
            <Select value={target} onChange={(e) => setTarget(e.target.value as "trace" | "step")}>
              <option value="trace">the whole trace</option>
              <option value="step" disabled={!current}>
                this step{current ? ` (${current.name})` : ""}
              </option>
            </Select>
          </Field>
          <Button type="submit" disabled={save.isPending}>
            Save score
          </Button>
          {save.isError && (
            <span role="alert" className="text-destructive">
              {save.error.message}
            </span>
          )}
        </form>
      )}
    </Card>
  );
}
