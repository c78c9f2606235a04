// Usage counted once, by structure: a span that carries usage and has a descendant in the same
// trace that carries usage repeats (part of) that descendant's usage, whatever convention named
// it (Vercel's ai.generateText over doGenerate, GenAI invoke_agent over chat, OpenInference
// AGENT or CHAIN spans with llm.token_count.*, LangChain parents). Such a span is an aggregate:
// its usage is shown, never added to a total. Only spans with no usage-carrying descendant count.
// The ingest writer, the trace detail and the usage rebuild all decide with this one module.

/** What the rule needs of a span (ClickHouse rows and span rows both have it). */
export type UsageLink = {
  span_id: string;
  parent_span_id: string;
  input_tokens: number | string;
  output_tokens: number | string;
  reported_cost_usd: number | null;
};

/**
 * Tokens or a reported cost. GPU-seconds alone are not usage here: a `gpu` span is GPU work
 * with no model call, and it neither repeats nor is repeated by the token usage around it.
 */
export const carriesUsage = (s: UsageLink): boolean =>
  Number(s.input_tokens) > 0 ||
  Number(s.output_tokens) > 0 ||
  (s.reported_cost_usd !== null && s.reported_cost_usd > 0);

/**
 * The aggregate spans among one trace's known spans (the objects given). Ancestors are followed through
 * parent ids among these spans only: a span that has not arrived breaks the chain until it does.
 * Linear: each span's ancestors are walked once, and a walk stops at a span already reached.
 */
export function aggregateSpans<T extends UsageLink>(spans: readonly T[]): Set<T> {
  const aggregates = new Set<T>();
  let carriers = 0;
  for (const s of spans) if (carriesUsage(s)) carriers++;
  if (carriers < 2) return aggregates;
  const parentOf = new Map<string, string>();
  for (const s of spans) parentOf.set(s.span_id, s.parent_span_id);
  // Spans with a usage-carrying descendant; the walk from a span already here went on up from it.
  const reached = new Set<string>();
  for (const s of spans) {
    if (!carriesUsage(s)) continue;
    let id = s.parent_span_id;
    while (id !== "" && id !== s.span_id && parentOf.has(id) && !reached.has(id)) {
      reached.add(id);
      id = parentOf.get(id)!;
    }
  }
  for (const s of spans) if (reached.has(s.span_id) && carriesUsage(s)) aggregates.add(s);
  return aggregates;
}
