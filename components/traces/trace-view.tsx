"use client";
import { LocalTime } from "@/components/ui/local-time";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { formatCount, formatDuration, formatScore, formatUsd } from "@/lib/format/number";
import { LogList } from "./span-logs";
import { StepDetail } from "./step-detail";
import { TraceScores } from "./trace-scores";
import { Waterfall } from "./waterfall";
import type { TraceDetail } from "./types";
import { handled } from "@/components/ui/handled";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { AddToSet } from "@/components/sets/add-to-set";

/** Trace replay: totals, the first error, the waterfall, and a step-by-step walk in execution order. */
export function TraceView({ trace }: { trace: TraceDetail }) {
  const steps = useMemo(
    () => [...trace.spans].sort((a, b) => a.startTime.localeCompare(b.startTime) || a.spanId.localeCompare(b.spanId)),
    [trace.spans],
  );
  const [index, setIndex] = useState(0);
  const [copied, setCopied] = useState(false);
  const firstError = steps.find((s) => s.status === "error");
  const go = useCallback((next: number) => setIndex(Math.max(0, Math.min(steps.length - 1, next))), [steps.length]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") {
        event.preventDefault();
        go(index + 1);
      }
      if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
        event.preventDefault();
        go(index - 1);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [go, index]);

  // Aggregate spans repeat their children's usage: the trace's totals count them once.
  const totals = {
    tokens: trace.inputTokens + trace.outputTokens,
    gpu: steps.reduce((t, s) => t + (s.usageAggregate ? 0 : s.gpuSeconds), 0),
  };
  const current = steps[index];
  const replayOf = steps.find((s) => s.attributes["observatory.replay.trace_id"])?.attributes[
    "observatory.replay.trace_id"
  ];
  const traceStart = Date.parse(trace.startTime);

  return (
    <section>
      <h1>{trace.name || trace.traceId}</h1>
      <div className="mb-4 flex flex-wrap items-center gap-3 text-sm">
        <span className="text-muted-foreground">
          <LocalTime value={trace.startTime} />
        </span>
        <span>
          Feature: <strong>{trace.feature || "–"}</strong>
        </span>
        <span>
          Tenant: <strong>{trace.tenant || "–"}</strong>
        </span>
        {trace.sessionId && (
          <span>
            Session:{" "}
            <strong>
              <Link href={`/sessions/${encodeURIComponent(trace.sessionId)}`}>{trace.sessionId}</Link>
            </strong>
          </span>
        )}
        <span>
          Duration: <strong>{formatDuration(trace.durationMs)}</strong>
        </span>
        <span>
          Tokens: <strong>{formatCount(totals.tokens)}</strong>
          {steps.some((s) => s.usageEstimated) && <span className="text-muted-foreground"> (some estimated)</span>}
        </span>
        {trace.costUsd > 0 && (
          <span>
            Cost: <strong>{formatUsd(trace.costUsd)}</strong>
          </span>
        )}
        {totals.gpu > 0 && (
          <span>
            GPU-seconds: <strong>{formatScore(totals.gpu)}</strong>
          </span>
        )}
        <Badge variant={trace.status === "error" ? "destructive" : "success"}>{trace.status}</Badge>
        <Button
          type="button"
          variant="secondary"
          onClick={handled(async () => {
            if (!navigator.clipboard) return;
            await navigator.clipboard.writeText(window.location.href);
            setCopied(true);
          })}
        >
          {copied ? "Link copied" : "Copy link"}
        </Button>
        <a className={buttonVariants({ variant: "secondary" })} href={`/api/v1/traces/${trace.traceId}/otlp`} download>
          Download OTLP JSON
        </a>
        <Link className={buttonVariants({ variant: "secondary" })} href={`/traces/${trace.traceId}/compare`}>
          Compare
        </Link>
        {trace.canRerun && <AddToSet traceIds={[trace.traceId]} />}
      </div>
      {replayOf && (
        <Alert variant="info" aria-label="Re-run of">
          A re-run of a step of <Link href={`/traces/${replayOf}`}>trace {replayOf.slice(0, 8)}…</Link>
        </Alert>
      )}
      {firstError && (
        <Alert variant="destructive" role="alert" aria-label="First error">
          First error in <strong>{firstError.name}</strong>:{" "}
          {firstError.statusMessage ?? firstError.exception?.message ?? "failed"}{" "}
          <Button type="button" variant="secondary" onClick={() => go(steps.indexOf(firstError))}>
            Go to this step
          </Button>
        </Alert>
      )}
      {trace.payloadsHidden && (
        <Alert>Payloads (prompts, answers, documents, tool data) are hidden for your role.</Alert>
      )}
      <Waterfall
        spans={trace.spans}
        traceStart={traceStart}
        traceMs={trace.durationMs}
        selectedId={current?.spanId ?? null}
        onSelect={(id) => go(steps.findIndex((s) => s.spanId === id))}
      />
      <div className="my-4 flex flex-wrap items-center gap-3 text-sm" aria-label="Replay">
        <Button type="button" onClick={() => go(index - 1)} disabled={index === 0}>
          Previous step
        </Button>
        <span aria-live="polite">
          Step {index + 1} of {steps.length}
        </span>
        <Button type="button" onClick={() => go(index + 1)} disabled={index >= steps.length - 1}>
          Next step
        </Button>
        <span className="text-muted-foreground">← → keys step too</span>
      </div>
      {current && (
        <StepDetail
          span={current}
          spans={steps}
          hidden={trace.payloadsHidden}
          rerun={trace.canRerun ? trace.traceId : null}
        />
      )}
      <LogList label="Logs of the trace without a step" logs={trace.logs} hidden={trace.payloadsHidden} />
      <TraceScores trace={trace} current={current} onSelect={(id) => go(steps.findIndex((s) => s.spanId === id))} />
    </section>
  );
}
