import "server-only";
import { randomBytes } from "node:crypto";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { traceEntry } from "@/ingest/log/entry";
import { ingestPipeline } from "@/ingest/log/ingest-log";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { num, sql, str, strs, time } from "@/lib/clickhouse/sql";
import { toClickHouseTime } from "@/lib/domain/span/span-time";
import { insertScoreDrafts } from "@/lib/scores/write-scores";
import type { DecodedSpan } from "@/ingest/otlp/types";
import { judgeConfig, markJudgeRun, type JudgeConfig } from "@/lib/judge/judge-settings";
import { logged } from "@/lib/log/logger";

// LLM-as-judge: on a sample of recent traces that have an answer and no judge score yet, fill
// the project's template with the trace's first request and last answer, ask the configured
// OpenAI-compatible endpoint, and store its verdict as a `judge` score. Each call to the judge is
// itself recorded as an LLM span (feature `llm-judge`, its own trace), so the judge's cost shows
// up in /cost like any other model use. Sampling is by trace id hash, so it is stable.

export const JUDGE_FEATURE = "llm-judge";
const WINDOW_MS = 24 * 3_600_000;
const PAYLOAD_CHARS = 8_000;
const TIMEOUT_MS = 30_000;

type Candidate = { trace_id: string; request: string; answer: string };
export type JudgeRun = { judged: number; failed: Array<{ traceId: string; error: string }> };

async function candidates(projectId: string, config: JudgeConfig, now: Date): Promise<Candidate[]> {
  const sampleBelow = Math.round(config.sampleRate * 10_000);
  const recent = await queryRows<{ trace_id: string }>({
    projectId,
    tag: "judge.candidates",
    query: sql`
      SELECT trace_id FROM ${tables.trace_index}
      WHERE ${tables.trace_index.scope} AND start_time >= ${time(new Date(now.getTime() - WINDOW_MS))} AND cityHash64(trace_id) % 10000 < ${num(sampleBelow)}
        AND trace_id NOT IN (SELECT trace_id FROM ${tables.scores} WHERE ${tables.scores.scope} AND name = ${str(config.scoreName)} AND source = 'judge')
      GROUP BY trace_id ORDER BY max(start_time) DESC LIMIT ${num(config.maxTracesPerRun * 4)}`,
  });
  if (recent.length === 0) return [];
  return queryRows<Candidate>({
    projectId,
    tag: "judge.payloads",
    query: sql`
      SELECT trace_id, argMin(input, start_time) AS request, argMax(output, end_time) AS answer FROM ${tables.spans}
      WHERE ${tables.spans.scope} AND trace_id IN ${strs(recent.map((r) => r.trace_id))} AND kind = 'llm' AND output != '' AND feature != ${str(JUDGE_FEATURE)}
      GROUP BY trace_id ORDER BY max(start_time) DESC LIMIT ${num(config.maxTracesPerRun)}`,
  });
}

export const fill = (template: string, c: Pick<Candidate, "request" | "answer">) =>
  template
    .replaceAll("{{input}}", c.request.slice(0, PAYLOAD_CHARS))
    .replaceAll("{{output}}", c.answer.slice(0, PAYLOAD_CHARS));

type Completion = {
  model?: string;
  choices?: Array<{ message?: { content?: string } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
};

/** The judge's verdict from its answer: JSON {score, reason}, else a bare number; clamped to 0..1. */
export function parseVerdict(content: string): { score: number; reason: string } {
  const text = content
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/\s*```$/, "");
  let score: unknown;
  let reason = "";
  try {
    const parsed = JSON.parse(text) as { score?: unknown; reason?: unknown } | number;
    score = typeof parsed === "number" ? parsed : parsed.score;
    reason = typeof parsed === "object" && typeof parsed.reason === "string" ? parsed.reason : "";
  } catch {
    score = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  }
  const value = typeof score === "string" ? Number(score) : score;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(`the judge did not answer a score: ${content.slice(0, 200)}`);
  return { score: Math.min(1, Math.max(0, value)), reason: reason.slice(0, 2000) };
}

/** The judge call as an OpenTelemetry GenAI span, stored through the normal ingest path. */
async function recordJudgeSpan(
  projectId: string,
  judged: string,
  config: JudgeConfig,
  started: number,
  result: { completion?: Completion; error?: string },
) {
  const ended = Date.now();
  const attributes: DecodedSpan["attributes"] = {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": config.model,
    "feature.name": JUDGE_FEATURE,
    "judge.trace_id": judged,
    "judge.score_name": config.scoreName,
  };
  if (result.completion?.model) attributes["gen_ai.response.model"] = result.completion.model;
  if (result.completion?.usage?.prompt_tokens !== undefined)
    attributes["gen_ai.usage.input_tokens"] = result.completion.usage.prompt_tokens;
  if (result.completion?.usage?.completion_tokens !== undefined)
    attributes["gen_ai.usage.output_tokens"] = result.completion.usage.completion_tokens;
  const span: DecodedSpan = {
    traceId: randomBytes(16).toString("hex"),
    spanId: randomBytes(8).toString("hex"),
    parentSpanId: "",
    name: "llm-judge",
    kind: 3,
    startNanos: BigInt(started) * 1_000_000n,
    endNanos: BigInt(ended) * 1_000_000n,
    attributes,
    events: [],
    links: [],
    statusCode: result.error ? 2 : 1,
    statusMessage: result.error ?? "",
    resource: { "service.name": "ai-observatory-judge" },
    scopeName: "judge",
    scopeVersion: "1",
  };
  const { rows } = normalizeAll(projectId, [span], await ingestSettingsFor(projectId));
  // No rule scores for the judge's own calls: they are not the product's answers. Through the
  // ingest log like every span: durable once written, counted once by the same applier.
  await (await ingestPipeline()).append(traceEntry(rows, []));
}

export async function askJudge(config: JudgeConfig, prompt: string): Promise<Completion> {
  const response = await fetch(`${config.baseUrl}/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
    },
    body: JSON.stringify({ model: config.model, temperature: 0, messages: [{ role: "user", content: prompt }] }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok)
    throw new Error(`judge endpoint answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as Completion;
}

/** One pass for one project; `force` runs it even when the judge is disabled (the "Run now" button). */
export async function runJudge(projectId: string, { force = false, now = new Date() } = {}): Promise<JudgeRun> {
  const config = await judgeConfig(projectId);
  if (!config || (!config.enabled && !force)) return { judged: 0, failed: [] };
  const run: JudgeRun = { judged: 0, failed: [] };
  for (const candidate of await candidates(projectId, config, now)) {
    const started = Date.now();
    let completion: Completion | undefined;
    try {
      completion = await askJudge(config, fill(config.template, candidate));
      const verdict = parseVerdict(completion.choices?.[0]?.message?.content ?? "");
      await insertScoreDrafts(projectId, [
        {
          project_id: projectId,
          trace_id: candidate.trace_id,
          span_id: "",
          name: config.scoreName,
          source: "judge",
          value: verdict.score,
          label: "",
          comment: verdict.reason,
          author: `judge:${config.model}`,
          score_time: toClickHouseTime(new Date()),
        },
      ]);
      await recordJudgeSpan(projectId, candidate.trace_id, config, started, { completion });
      run.judged += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      run.failed.push({ traceId: candidate.trace_id, error: message });
      await recordJudgeSpan(projectId, candidate.trace_id, config, started, { completion, error: message }).catch(
        logged("judge", "recording the failed judge call's span failed", { projectId, traceId: candidate.trace_id }),
      );
      // An endpoint that keeps failing is not asked again until the next pass.
      if (run.failed.length >= 3 && run.judged === 0) break;
    }
  }
  await markJudgeRun(projectId, now);
  return run;
}
