import { nanosToClickHouseTime } from "@/lib/domain/span/span-time";
import { MAX_LABEL_CHARS, MAX_NAME_CHARS, MAX_COMMENT_CHARS, type ScoreDraft } from "@/lib/domain/scores/score-row";
import { firstNumber, firstString } from "../normalize/attributes";
import { LAST_STORABLE_NANOS } from "../normalize/bounds";
import type { SpanRow } from "@/lib/domain/span/span-row";
import type { Attributes, DecodedSpan } from "../otlp/types";
import { ruleScores } from "./rule-scores";
import { DEFAULT_RETRIEVAL_LOW_SCORE } from "@/lib/domain/ingest-settings";

// Scores that arrive inside spans: OpenTelemetry GenAI evaluation results, and the rule scores
// computed here at ingest.
//   - an event `gen_ai.evaluation.result` on a span scores that span;
//   - a span that itself carries `gen_ai.evaluation.name` (SDKs that emit the result as a
//     zero-length child span) scores its parent span.
// Evaluation results get source `api` (the application sent them); malformed ones (no name,
// no finite value and no label) are skipped, the span itself is still stored.

const EVALUATION_EVENT = "gen_ai.evaluation.result";
const msTime = (nanos: bigint) => nanosToClickHouseTime(nanos).slice(0, 23);

function evaluation(a: Attributes): Pick<ScoreDraft, "name" | "value" | "label" | "comment"> | null {
  const name = firstString(a, ["gen_ai.evaluation.name"])?.trim();
  const value = firstNumber(a, ["gen_ai.evaluation.score.value"]) ?? null;
  const label = firstString(a, ["gen_ai.evaluation.score.label"]) ?? "";
  if (!name || name.length > MAX_NAME_CHARS || label.length > MAX_LABEL_CHARS || (value === null && !label))
    return null;
  return {
    name,
    value,
    label,
    comment: (firstString(a, ["gen_ai.evaluation.explanation"]) ?? "").slice(0, MAX_COMMENT_CHARS),
  };
}

export function spanScores(span: DecodedSpan, row: SpanRow, settings: { retrievalLowScore?: number }): ScoreDraft[] {
  const base = { project_id: row.project_id, trace_id: row.trace_id, author: "" };
  const drafts: ScoreDraft[] = [];
  for (const event of span.events) {
    if (event.name !== EVALUATION_EVENT) continue;
    const result = evaluation(event.attributes);
    // Event times are not bounded like the span's; one past what a DateTime64 holds takes the span's end.
    const when = event.timeNanos > 0n && event.timeNanos <= LAST_STORABLE_NANOS ? event.timeNanos : span.endNanos;
    if (result) drafts.push({ ...base, span_id: row.span_id, source: "api", ...result, score_time: msTime(when) });
  }
  if (span.attributes["gen_ai.evaluation.name"] !== undefined) {
    const result = evaluation(span.attributes);
    if (result)
      drafts.push({
        ...base,
        span_id: row.parent_span_id || row.span_id,
        source: "api",
        ...result,
        score_time: msTime(span.endNanos),
      });
  }
  const rules = ruleScores(row, { retrievalLowScore: settings.retrievalLowScore ?? DEFAULT_RETRIEVAL_LOW_SCORE });
  if (rules.length === 0) return drafts;
  const scoreTime = msTime(span.endNanos);
  for (const rule of rules) {
    drafts.push({
      project_id: row.project_id,
      trace_id: row.trace_id,
      span_id: row.span_id,
      name: rule.name,
      source: "rule",
      value: rule.value,
      label: "",
      comment: rule.comment,
      author: "",
      score_time: scoreTime,
    });
  }
  return drafts;
}
