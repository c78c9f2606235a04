import type { SpanRow } from "@/lib/domain/span/span-row";

// Which tenant and feature a span counts under: its own, else its trace's. The trace's is, among
// the spans that have a value, the root's, then the earliest span's, then the one with the
// smallest span id: one answer whatever order the spans arrive in. The `traces` rollup's view
// (migration 0015: argMin over (no value, not the root, start, span id)) is the SQL twin of
// traceAttribution; lib/usage/attribution-parity.test.ts holds them equal. Usage rows, score
// attribution, the trace detail and the usage rebuild all take it from here or from that rollup.

type AttributedSpan = Pick<
  SpanRow,
  "span_id" | "parent_span_id" | "start_time" | "tenant" | "feature" | "session_id" | "user_id"
>;
type Field = "tenant" | "feature" | "session_id" | "user_id";

export type Attribution = { tenant: string; feature: string };

// Start times are ClickHouse text (`2026-10-05 12:34:56.123456`); a shorter fraction is the same
// instant with zeros, so both are padded to microseconds before comparing.
const MICRO_TEXT = "0000-00-00 00:00:00.000000".length;
const startText = (s: AttributedSpan) =>
  s.start_time.length === MICRO_TEXT ? s.start_time : s.start_time.padEnd(MICRO_TEXT, "0");

/** Whether `a` decides the trace's value before `b`: the root first, then the earlier start, then the smaller span id. */
function decidesBefore(a: AttributedSpan, b: AttributedSpan): boolean {
  const aRoot = a.parent_span_id === "";
  if (aRoot !== (b.parent_span_id === "")) return aRoot;
  const aStart = startText(a);
  const bStart = startText(b);
  if (aStart !== bStart) return aStart < bStart;
  return a.span_id < b.span_id;
}

function pick(spans: AttributedSpan[], field: Field): string {
  let decider: AttributedSpan | undefined;
  for (const s of spans) if (s[field] && (decider === undefined || decidesBefore(s, decider))) decider = s;
  return decider?.[field] ?? "";
}

/** The trace's tenant and feature as the `traces` rollup resolves them. */
export function traceAttribution(spans: AttributedSpan[]): Attribution {
  return { tenant: pick(spans, "tenant"), feature: pick(spans, "feature") };
}

export type Identity = { session_id: string; user_id: string };

/** The trace's session and end user, decided as tenant and feature are (migration 0017). */
export function traceIdentity(spans: AttributedSpan[]): Identity {
  return { session_id: pick(spans, "session_id"), user_id: pick(spans, "user_id") };
}

/** A span's own tenant and feature where it has them, else its trace's. */
export function attributed(span: Pick<SpanRow, "tenant" | "feature">, trace: Attribution): Attribution {
  return { tenant: span.tenant || trace.tenant, feature: span.feature || trace.feature };
}
