import { z } from "zod";
import { quantile } from "./significance";

// An experiment's checks and its results table: per item against the recorded output, and in
// aggregate (scores, cost, latency, errors), the items whose answer differs first.

export const experimentChecks = z.object({
  /** The answer equals the item's expected output (trimmed). */
  exact: z.boolean().default(false),
  /** Each of these appears in the answer (case-insensitive). */
  contains: z.array(z.string().min(1).max(1000)).max(20).default([]),
  /** The answer is JSON valid against this JSON Schema. */
  jsonSchema: z.record(z.string(), z.unknown()).optional(),
  /** Ask the project's LLM judge for a 0..1 score. */
  judge: z.boolean().default(false),
});
export type ExperimentChecks = z.infer<typeof experimentChecks>;

export type CheckResults = { exact: boolean | null; contains: boolean | null; jsonSchema: boolean | null };
export type ItemResult = {
  itemId: string;
  answer: string;
  recordedOutput: string;
  expectedOutput: string | null;
  error: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** The variant's call. */
  costUsd: number;
  /** The judge's call on this answer: spent too (it counts toward the cap), shown apart. */
  judgeCostUsd: number;
  latencyMs: number;
  rules: Record<string, number>;
  judge: number | null;
  checks: CheckResults;
};

function validJson(answer: string, schema: Record<string, unknown>): boolean {
  let value: unknown;
  try {
    value = JSON.parse(
      answer
        .trim()
        .replace(/^```(?:json)?\s*/i, "")
        .replace(/\s*```$/, ""),
    );
  } catch {
    return false;
  }
  return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(value).success;
}

export function checkAnswer(answer: string, expected: string | null, checks: ExperimentChecks): CheckResults {
  const lower = answer.toLowerCase();
  return {
    exact: checks.exact && expected !== null ? answer.trim() === expected.trim() : null,
    contains: checks.contains.length ? checks.contains.every((c) => lower.includes(c.toLowerCase())) : null,
    jsonSchema: checks.jsonSchema ? validJson(answer, checks.jsonSchema) : null,
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const rate = (xs: Array<boolean | null>) => {
  const known = xs.filter((x): x is boolean => x !== null);
  return known.length ? known.filter(Boolean).length / known.length : null;
};

export function summarizeExperiment(results: ItemResult[]) {
  const differs = (r: ItemResult) => r.error !== null || r.answer.trim() !== r.recordedOutput.trim();
  const ruleNames = [...new Set(results.flatMap((r) => Object.keys(r.rules)))].sort();
  const judged = results.flatMap((r) => (r.judge === null ? [] : [r.judge]));
  return {
    aggregate: {
      items: results.length,
      errors: results.filter((r) => r.error !== null).length,
      differing: results.filter(differs).length,
      costUsd: results.reduce((t, r) => t + r.costUsd, 0),
      judgeCostUsd: results.reduce((t, r) => t + r.judgeCostUsd, 0),
      latencyP50Ms: quantile(
        results.map((r) => r.latencyMs),
        0.5,
      ),
      latencyP95Ms: quantile(
        results.map((r) => r.latencyMs),
        0.95,
      ),
      judge: { mean: mean(judged), n: judged.length },
      rules: Object.fromEntries(
        ruleNames.map((name) => [name, mean(results.flatMap((r) => (name in r.rules ? [r.rules[name]!] : [])))]),
      ),
      exactRate: rate(results.map((r) => r.checks.exact)),
      containsRate: rate(results.map((r) => r.checks.contains)),
      jsonSchemaRate: rate(results.map((r) => r.checks.jsonSchema)),
    },
    items: [...results.filter(differs), ...results.filter((r) => !differs(r))].map((r) => ({
      ...r,
      differs: differs(r),
    })),
  };
}
