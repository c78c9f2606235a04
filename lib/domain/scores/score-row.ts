// The shape of a row of the `scores` table (ClickHouse migration 0006) and the values its
// fields may take. Shared by the ingest writer (rule and evaluation scores) and lib/scores.

export const SCORE_SOURCES = ["api", "feedback", "judge", "rule"] as const;
export type ScoreSource = (typeof SCORE_SOURCES)[number];
export const MAX_LABEL_CHARS = 200;
export const MAX_NAME_CHARS = 200;
export const MAX_COMMENT_CHARS = 4000;

/** A score before the scored trace's attribution is known. */
export type ScoreDraft = {
  project_id: string;
  trace_id: string;
  /** '' when the score is about the whole trace. */
  span_id: string;
  name: string;
  source: ScoreSource;
  value: number | null;
  label: string;
  comment: string;
  author: string;
  /** ClickHouse text time (UTC), millisecond precision. */
  score_time: string;
  /** Set for a score about a whole session (written on the session's first trace, span ''); '' otherwise. */
  session_id?: string;
};

export type ScoreAttribution = {
  trace_time: string;
  trace_found: 0 | 1;
  tenant: string;
  feature: string;
  model: string;
  prompt_name: string;
  prompt_version: string;
};

export type ScoreRow = ScoreDraft & ScoreAttribution;

/** Attribution of a score whose trace has not arrived (yet): its own time, nothing else. */
export const unattributed = (draft: ScoreDraft): ScoreAttribution => ({
  trace_time: draft.score_time,
  trace_found: 0,
  tenant: "",
  feature: "",
  model: "",
  prompt_name: "",
  prompt_version: "",
});

/** Rule scores: 1 when the problem the name describes is present, else 0 (their average is a rate; lower is better). */
export const RULE_SCORE_NAMES = [
  "tool_error",
  "empty_output",
  "truncated",
  "invalid_json",
  "refusal",
  "retrieval_empty",
  "retrieval_low_score",
] as const;
export type RuleScoreName = (typeof RULE_SCORE_NAMES)[number];
export const lowerIsBetter = (name: string, source: string) =>
  source === "rule" && (RULE_SCORE_NAMES as readonly string[]).includes(name);
