"use client";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FormRow } from "@/components/ui/label";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { formatCount, formatDuration, formatScore, formatUsd } from "@/lib/format/number";
import { SessionCompare } from "./session-compare";
import { TurnSteps } from "./turn-steps";
import type { SessionDetail, SessionTurn } from "./types";

const FAILED_TURN_KEY = "f";

function Turn({
  turn,
  open,
  onToggle,
  hidden,
}: {
  turn: SessionTurn;
  open: boolean;
  onToggle: () => void;
  hidden: boolean;
}) {
  const failed = turn.status === "error";
  return (
    <li
      id={`turn-${turn.index}`}
      className={cn(cardClass, "mb-0", failed && "border-destructive bg-row-alert")}
      data-status={turn.status}
      aria-label={`Turn ${turn.index}${failed ? " (failed)" : ""}`}
      tabIndex={-1}
    >
      <FormRow className="mb-2 items-center">
        <strong>Turn {turn.index}</strong>
        <span className="text-muted-foreground">
          <LocalTime value={turn.startTime} />
        </span>
        <span>{formatDuration(turn.durationMs)}</span>
        <span>{formatCount(turn.inputTokens + turn.outputTokens)} tokens</span>
        <span>{turn.costUsd > 0 ? formatUsd(turn.costUsd) : "–"}</span>
        <Badge variant={failed ? "destructive" : "success"}>{turn.status}</Badge>
        <Button type="button" variant="secondary" size="sm" aria-expanded={open} onClick={onToggle}>
          {open ? "Hide steps" : "Show steps"}
        </Button>
      </FormRow>
      {hidden ? (
        <p className="text-muted-foreground">Messages are hidden for your role.</p>
      ) : (
        <>
          <div aria-label="User message">
            <span className="text-muted-foreground">User: </span>
            {turn.userMessage ?? <span className="text-muted-foreground">(no message recorded)</span>}
          </div>
          <div aria-label="Answer">
            <span className="text-muted-foreground">Answer: </span>
            {turn.answer ?? <span className="text-muted-foreground">(no answer)</span>}
          </div>
        </>
      )}
      {failed && (
        <p className="mt-2 text-destructive" role="status">
          Failed at step <strong>{turn.failingStep?.name ?? "?"}</strong>
          {turn.failingStep ? ` (${turn.failingStep.kind})` : ""}
          {turn.errorMessage ? `: ${turn.errorMessage}` : ""}
        </p>
      )}
      {open && <TurnSteps traceId={turn.traceId} initialSpanId={turn.failingStep?.spanId ?? null} />}
    </li>
  );
}

/** A conversation as the end user lived it: turns in order, each opening into its trace's steps. */
export function SessionReplay({ session, baseline }: { session: SessionDetail; baseline: SessionDetail | null }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const failed = session.firstFailedTurn;
  const toggle = (index: number) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  const jumpToFailure = useCallback(() => {
    if (failed === null) return;
    setOpen((prev) => new Set(prev).add(failed));
    const element = document.getElementById(`turn-${failed}`);
    element?.scrollIntoView({ block: "start" });
    element?.focus();
  }, [failed]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (event.key === FAILED_TURN_KEY && !event.metaKey && !event.ctrlKey && !event.altKey) {
        event.preventDefault();
        jumpToFailure();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [jumpToFailure]);

  return (
    <section>
      <PageHeader title={`Session ${session.sessionId}`} />
      <FormRow className="mb-4 items-center" aria-label="Session totals">
        <span className="text-muted-foreground">
          <LocalTime value={session.startTime} />
        </span>
        <span>
          End user:{" "}
          <strong>
            {session.userId ? <Link href={`/users/${encodeURIComponent(session.userId)}`}>{session.userId}</Link> : "–"}
          </strong>
        </span>
        <span>
          Tenant: <strong>{session.tenant || "–"}</strong>
        </span>
        <span>
          Features: <strong>{session.features.join(", ") || "–"}</strong>
        </span>
        <span>
          Turns: <strong>{formatCount(session.turns.length)}</strong>
        </span>
        <span>
          Duration: <strong>{formatDuration(session.durationMs)}</strong>
        </span>
        <span>
          Tokens: <strong>{formatCount(session.inputTokens + session.outputTokens)}</strong>
        </span>
        <span>
          Cost: <strong>{formatUsd(session.costUsd)}</strong>
        </span>
        <Badge variant={session.status === "error" ? "destructive" : "success"}>{session.status}</Badge>
      </FormRow>
      {failed !== null && (
        <Alert variant="destructive" role="alert" aria-label="Failed turn">
          Turn {failed} failed.{" "}
          <Button type="button" variant="secondary" size="sm" onClick={jumpToFailure}>
            Go to the failed turn
          </Button>{" "}
          <span className="text-muted-foreground">(key {FAILED_TURN_KEY})</span>
        </Alert>
      )}
      {session.turnsCut && <Alert>Only the first {formatCount(session.turns.length)} turns are shown.</Alert>}
      {session.scores.length > 0 && (
        <p aria-label="Session scores">
          Scores:{" "}
          {session.scores
            .map((s) => `${s.name} ${s.value === null ? (s.label ?? "") : formatScore(s.value)}`)
            .join(", ")}
        </p>
      )}
      <ol aria-label="Conversation" className="mb-4 grid list-none gap-3 p-0">
        {session.turns.map((turn) => (
          <Turn
            key={turn.traceId}
            turn={turn}
            open={open.has(turn.index)}
            onToggle={() => toggle(turn.index)}
            hidden={session.payloadsHidden}
          />
        ))}
      </ol>
      {baseline && <SessionCompare session={session} baseline={baseline} />}
    </section>
  );
}
