import { spanKey } from "@/lib/domain/span/span-key";
import { type UsageSpan } from "@/lib/domain/usage/usage-rows";
import { traceAttribution } from "@/lib/domain/usage/trace-attribution";
import { groupByTrace, traceKey } from "@/lib/domain/span/span-key";
import { unattributed, type ScoreAttribution, type ScoreDraft, type ScoreRow } from "./score-row";

// Copies the scored trace's attribution into each score, so quality reads split by model,
// prompt version, feature and tenant without joining spans. Tenant and feature are the trace's
// (a child inherits them, as everywhere else); model and prompt are the scored span's, or for a
// trace-level score those of the trace's last LLM call (the one that produced the answer).

export type ScoredSpan = UsageSpan & { prompt_name?: string; prompt_version?: string };
export const SCORED_SPAN_COLUMNS = ["prompt_name", "prompt_version"] as const;

const modelOf = (s: ScoredSpan) => s.response_model || s.model;

function traceLevel(spans: ScoredSpan[]): Omit<ScoreAttribution, "tenant" | "feature" | "trace_found"> {
  const ordered = [...spans].sort((a, b) => a.start_time.localeCompare(b.start_time));
  const lastLlm = ordered.filter((s) => s.kind === "llm" && modelOf(s)).at(-1);
  const prompted = ordered.filter((s) => s.prompt_version || s.prompt_name).at(-1);
  return {
    trace_time: ordered[0]!.start_time,
    model: lastLlm ? modelOf(lastLlm) : "",
    prompt_name: prompted?.prompt_name ?? "",
    prompt_version: prompted?.prompt_version ?? "",
  };
}

/** Scores with attribution from the given spans (any mix of traces); a score whose trace or span is absent stays unattributed. */
export function attributeScores(drafts: ScoreDraft[], spans: ScoredSpan[]): ScoreRow[] {
  const byTrace = groupByTrace(spans);
  const bySpan = new Map(spans.map((s) => [spanKey(s), s]));
  const traces = new Map<string, { tenant: string; feature: string; level: ReturnType<typeof traceLevel> }>();
  // Rows are written out field by field: spreading drafts cost several times the rest (ingest writes 2-3 per span).
  return drafts.map((draft): ScoreRow => {
    const key = traceKey(draft);
    const traceSpans = byTrace.get(key);
    if (!traceSpans) return withAttribution(draft, unattributed(draft));
    let trace = traces.get(key);
    if (!trace) {
      trace = { ...traceAttribution(traceSpans), level: traceLevel(traceSpans) };
      traces.set(key, trace);
    }
    if (!draft.span_id)
      return withAttribution(draft, { ...trace.level, tenant: trace.tenant, feature: trace.feature, trace_found: 1 });
    const span = bySpan.get(spanKey(draft));
    if (!span) return withAttribution(draft, unattributed(draft));
    return withAttribution(draft, {
      trace_time: span.start_time,
      trace_found: 1,
      tenant: span.tenant || trace.tenant,
      feature: span.feature || trace.feature,
      model: modelOf(span),
      prompt_name: span.prompt_name ?? "",
      prompt_version: span.prompt_version ?? "",
    });
  });
}

function withAttribution(d: ScoreDraft, a: ScoreAttribution): ScoreRow {
  return {
    project_id: d.project_id,
    trace_id: d.trace_id,
    span_id: d.span_id,
    name: d.name,
    source: d.source,
    value: d.value,
    label: d.label,
    comment: d.comment,
    author: d.author,
    score_time: d.score_time,
    session_id: d.session_id ?? "",
    trace_time: a.trace_time,
    trace_found: a.trace_found,
    tenant: a.tenant,
    feature: a.feature,
    model: a.model,
    prompt_name: a.prompt_name,
    prompt_version: a.prompt_version,
  };
}
