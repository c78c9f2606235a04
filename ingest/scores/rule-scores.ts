import type { RuleScoreName } from "@/lib/domain/scores/score-row";
import type { SpanRow } from "@/lib/domain/span/span-row";
import { readAnswer, type Answer } from "./answer";

// Rule scores, computed at ingest for each span they apply to (source `rule`): value 1 when
// the problem is present, 0 when the span was checked and is fine, so that an average is a
// rate. Each rule below says when it applies and exactly when it fires; README "Quality" repeats it.

export type RuleSettings = { retrievalLowScore: number };
export type RuleResult = { name: RuleScoreName; value: 0 | 1; comment: string };

const TRUNCATED_REASONS = new Set(["length", "max_tokens", "max_output_tokens", "token_limit"]);
const REFUSAL_REASONS = new Set(["content_filter", "refusal", "safety", "recitation", "prohibited_content"]);
const TOOL_CALL_REASONS = new Set(["tool_calls", "function_call", "tool_use", "tool-calls"]);
// An answer that opens by declining. Anchored at the start: a helpful answer that later says
// "I can't guarantee" is not a refusal.
const REFUSAL_OPENING =
  /^\W*(?:(?:i'?m|i am) sorry|sorry|unfortunately|apologies)?[,.!\s]*(?:but\s+)?(?:i|we)\s*(?:can(?:'|no)?t|cannot|won'?t|will not|am unable to|'m unable to|am not able to|'m not able to|must decline to)\s+(?:help|assist|comply|provide|do that|fulfil|fulfill|answer|share|create|generate|write|support)/i;
const AS_AN_AI = /^\W*as an ai(?: language model)?,? i (?:can(?:'|no)?t|cannot|am unable|am not able)/i;

/** Whether the request asked for JSON: response format, GenAI output type, or Vercel generateObject. */
function expectsJson(attributes: Record<string, string>): boolean {
  const outputType = attributes["gen_ai.output.type"]?.toLowerCase();
  if (outputType === "json") return true;
  const format =
    attributes["gen_ai.openai.request.response_format"] ?? attributes["gen_ai.request.response_format"] ?? "";
  if (/json/i.test(format)) return true;
  const invocation = attributes["llm.invocation_parameters"] ?? "";
  if (
    /"response_format"\s*:\s*\{[^}]*"type"\s*:\s*"json/i.test(invocation) ||
    /"response_format"\s*:\s*"json/i.test(invocation)
  )
    return true;
  const operation = attributes["ai.operationId"] ?? "";
  return operation.startsWith("ai.generateObject") || operation.startsWith("ai.streamObject");
}

const stripFences = (text: string) =>
  text
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/\s*```$/, "");

function parses(text: string): boolean {
  try {
    JSON.parse(stripFences(text));
    return true;
  } catch {
    return false;
  }
}

function llmRules(row: SpanRow): RuleResult[] {
  const results: RuleResult[] = [];
  const finish = row.finish_reason.toLowerCase();
  if (finish) {
    const fired = TRUNCATED_REASONS.has(finish);
    results.push({
      name: "truncated",
      value: fired ? 1 : 0,
      comment: fired ? `finish reason "${row.finish_reason}"` : "",
    });
  }
  if (row.status === "error") return results;
  const captured = row.output !== "" && !row.payload_truncated;
  const answer: Answer | null = captured ? readAnswer(row.output) : null;
  if (answer) {
    const empty =
      answer.text.trim() === "" && answer.toolCalls === 0 && !TOOL_CALL_REASONS.has(finish) && answer.refusal === "";
    results.push({
      name: "empty_output",
      value: empty ? 1 : 0,
      comment: empty ? "the answer has no text and no tool call" : "",
    });
  }
  if (answer || finish) {
    const opening = answer?.text.trimStart().slice(0, 300) ?? "";
    const why = REFUSAL_REASONS.has(finish)
      ? `finish reason "${row.finish_reason}"`
      : answer?.refusal
        ? "the model returned a refusal message"
        : REFUSAL_OPENING.test(opening) || AS_AN_AI.test(opening)
          ? "the answer opens by declining"
          : "";
    results.push({ name: "refusal", value: why ? 1 : 0, comment: why });
  }
  if (answer && expectsJson(row.attributes)) {
    const valid = parses(row.output) && answer.text === row.output ? true : parses(answer.text);
    results.push({
      name: "invalid_json",
      value: valid ? 0 : 1,
      comment: valid ? "" : "JSON was requested and the answer does not parse",
    });
  }
  return results;
}

type Document = { score: number | null };

function retrievalRules(row: SpanRow, settings: RuleSettings): RuleResult[] {
  let documents: Document[] = [];
  try {
    documents = row.documents ? (JSON.parse(row.documents) as Document[]) : [];
  } catch {
    // Cut by the payload cap: the documents were there, their count is unknown.
    return [];
  }
  const results: RuleResult[] = [
    {
      name: "retrieval_empty",
      value: documents.length === 0 ? 1 : 0,
      comment: documents.length === 0 ? "no documents returned" : "",
    },
  ];
  const scores = documents.map((d) => d.score).filter((s): s is number => typeof s === "number" && Number.isFinite(s));
  if (scores.length) {
    const best = Math.max(...scores);
    const low = best < settings.retrievalLowScore;
    results.push({
      name: "retrieval_low_score",
      value: low ? 1 : 0,
      comment: low ? `best document score ${best} < ${settings.retrievalLowScore}` : "",
    });
  }
  return results;
}

/** The rule scores of one normalized span (none for kinds no rule applies to). */
export function ruleScores(row: SpanRow, settings: RuleSettings): RuleResult[] {
  switch (row.kind) {
    case "llm":
      return llmRules(row);
    case "tool": {
      const failed = row.status === "error" || row.exception_type !== "" || row.exception_message !== "";
      return [
        {
          name: "tool_error",
          value: failed ? 1 : 0,
          comment: failed ? (row.status_message || row.exception_message || "tool call failed").slice(0, 500) : "",
        },
      ];
    }
    case "retrieval":
      return retrievalRules(row, settings);
    default:
      return [];
  }
}
