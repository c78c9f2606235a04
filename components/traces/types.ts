import type { getTrace } from "@/lib/traces/get-trace";

export type TraceDetail = Awaited<ReturnType<typeof getTrace>>;
export type SpanDetail = TraceDetail["spans"][number];

// Text badges rather than emoji: headless and server browsers often lack an emoji font.
export const KIND_ICON: Record<string, string> = {
  llm: "LLM",
  embedding: "EMB",
  retrieval: "RET",
  tool: "TOOL",
  agent: "AGT",
  chain: "CHN",
  gpu: "GPU",
  other: "SPAN",
};

/** Depth of each span in the tree (parents that never arrived count as roots). */
export function spanDepths(spans: SpanDetail[]): Map<string, number> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const depths = new Map<string, number>();
  const depth = (s: SpanDetail, seen = new Set<string>()): number => {
    const known = depths.get(s.spanId);
    if (known !== undefined) return known;
    const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
    const d = parent && !seen.has(parent.spanId) ? depth(parent, seen.add(s.spanId)) + 1 : 0;
    depths.set(s.spanId, d);
    return d;
  };
  spans.forEach((s) => depth(s));
  return depths;
}

/** Spans in tree order (parent before children, siblings by start), for the waterfall. */
export function treeOrder(spans: SpanDetail[]): SpanDetail[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, SpanDetail[]>();
  const roots: SpanDetail[] = [];
  for (const s of spans) {
    if (s.parentSpanId && ids.has(s.parentSpanId))
      children.set(s.parentSpanId, [...(children.get(s.parentSpanId) ?? []), s]);
    else roots.push(s);
  }
  const out: SpanDetail[] = [];
  const visit = (s: SpanDetail) => {
    out.push(s);
    for (const c of (children.get(s.spanId) ?? []).sort((a, b) => a.startTime.localeCompare(b.startTime))) visit(c);
  };
  roots.sort((a, b) => a.startTime.localeCompare(b.startTime)).forEach(visit);
  return out;
}
