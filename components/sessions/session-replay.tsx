"use client";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { LocalTime } from "@/components/ui/local-time";
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
      className={failed ? "panel error" : "panel"}
      data-status={turn.status}
      aria-label={`Turn ${turn.index}${failed ? " (failed)" : ""}`}
      tabIndex={-1}
    >
      <div className="form-row">
        <strong>Turn {turn.index}</strong>
        <span className="muted">
          <LocalTime value={turn.startTime} />
        </span>
        <span>{formatDuration(turn.durationMs)}</span>
        <span>{formatCount(turn.inputTokens + turn.outputTokens)} tokens</span>
        <span>{turn.costUsd > 0 ? formatUsd(turn.costUsd) : "–"}</span>
        <span className={failed ? "error-text" : "ok-text"}>{turn.status}</span>
        <button type="button" className="secondary" aria-expanded={open} onClick={onToggle}>
          {open ? "Hide steps" : "Show steps"}
        </button>
      </div>
      {hidden ? (
        <p className="muted">Messages are hidden for your role.</p>
      ) : (
        <>
          <div aria-label="User message">
            <span className="muted">User: </span>
            {turn.userMessage ?? <span className="muted">(no message recorded)</span>}
          </div>
          <div aria-label="Answer">
            <span className="muted">Answer: </span>
            {turn.answer ?? <span className="muted">(no answer)</span>}
          </div>
        </>
      )}
      {failed && (
        <p className="error-text" role="status">
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
      <h1>Session {session.sessionId}</h1>
      <div className="form-row" style={{ marginBottom: "1rem" }} aria-label="Session totals">
        <span className="muted">
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
        <span className={session.status === "error" ? "error-text" : "ok-text"}>{session.status}</span>
      </div>
      {failed !== null && (
        <div className="notice error" role="alert" aria-label="Failed turn">
          Turn {failed} failed.{" "}
          <button type="button" className="secondary" onClick={jumpToFailure}>
            Go to the failed turn
          </button>{" "}
          <span className="muted">(key {FAILED_TURN_KEY})</span>
        </div>
      )}
      {session.turnsCut && (
        <p className="notice">Only the first {formatCount(session.turns.length)} turns are shown.</p>
      )}
      {session.scores.length > 0 && (
        <p aria-label="Session scores">
          Scores:{" "}
          {session.scores
            .map((s) => `${s.name} ${s.value === null ? (s.label ?? "") : formatScore(s.value)}`)
            .join(", ")}
        </p>
      )}
      <ol aria-label="Conversation" style={{ listStyle: "none", padding: 0, display: "grid", gap: "0.8rem" }}>
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
