import "server-only";
import { randomBytes } from "node:crypto";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { traceEntry } from "@/ingest/log/entry";
import { ingestPipeline } from "@/ingest/log/ingest-log";
import type { DecodedSpan } from "@/ingest/otlp/types";
import { ServiceError } from "@/lib/api/errors";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { answerText, stubResults, type ChatMessage, type ChatToolCall } from "@/lib/domain/genai/chat-messages";
import { textDiff } from "@/lib/domain/genai/text-diff";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { judgeConfig } from "@/lib/judge/judge-settings";
import { loadPricing } from "@/lib/pricing/price-catalog";
import { spanCost } from "@/lib/pricing/price-span";
import { recordedStep, rerunModels } from "@/lib/replay/recorded-step";
import type { RerunInput, RerunResult } from "@/lib/replay/rerun-input";

// Re-run one recorded LLM step, edited, against the project's OpenAI-compatible endpoint (the
// judge's base URL and sealed key). Tool calls the model makes are answered with the results
// the trace recorded (stubs), so a tool-using step re-runs without touching the tools. Each
// endpoint call is an LLM span of a new trace marked `observatory.replay` and linked to the
// original step, written through the ingest log: the cost of experimenting shows in /cost.

export const REPLAY_FEATURE = "replay";
const MAX_ROUNDS = 4;
const TIMEOUT_MS = 60_000;

type Completion = {
  model?: string;
  choices?: Array<{ message?: { content?: string | null; tool_calls?: ChatToolCall[] }; finish_reason?: string }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
};
type Call = { started: number; ended: number; messages: ChatMessage[]; completion?: Completion; error?: string };

async function complete(
  endpoint: { baseUrl: string; apiKey: string | null },
  body: Record<string, unknown>,
): Promise<Completion> {
  const response = await fetch(`${endpoint.baseUrl}/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok)
    throw new Error(`model endpoint answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as Completion;
}

type Of = { traceId: string; spanId: string; feature: string };
type Ids = { traceId: string; spanId: string; parentSpanId: string };

const markers = (of: Of): DecodedSpan["attributes"] => ({
  "feature.name": REPLAY_FEATURE,
  "observatory.replay": "true",
  "observatory.replay.trace_id": of.traceId,
  "observatory.replay.span_id": of.spanId,
  "observatory.replay.feature": of.feature,
});

function span(ids: Ids, of: Of, times: { started: number; ended: number }, rest: Partial<DecodedSpan>): DecodedSpan {
  return {
    ...ids,
    name: "replay",
    kind: 1,
    startNanos: BigInt(times.started) * 1_000_000n,
    endNanos: BigInt(Math.max(times.ended, times.started)) * 1_000_000n,
    attributes: markers(of),
    events: [],
    links: [{ traceId: of.traceId, spanId: of.spanId, attributes: { "observatory.link": "replay_of" } }],
    statusCode: 1,
    statusMessage: "",
    resource: { "service.name": "ai-observatory-replay" },
    scopeName: "replay",
    scopeVersion: "1",
    ...rest,
  };
}

function callSpan(call: Call, ids: Ids, of: Of, input: RerunInput): DecodedSpan {
  const message = call.completion?.choices?.[0]?.message;
  const attributes: DecodedSpan["attributes"] = {
    ...markers(of),
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": input.model,
    "gen_ai.input.messages": JSON.stringify(call.messages),
  };
  for (const [name, value] of Object.entries(input.parameters)) attributes[`gen_ai.request.${name}`] = value;
  if (message) attributes["gen_ai.output.messages"] = JSON.stringify([{ role: "assistant", ...message }]);
  if (call.completion?.model) attributes["gen_ai.response.model"] = call.completion.model;
  const usage = call.completion?.usage;
  if (usage?.prompt_tokens !== undefined) attributes["gen_ai.usage.input_tokens"] = usage.prompt_tokens;
  if (usage?.completion_tokens !== undefined) attributes["gen_ai.usage.output_tokens"] = usage.completion_tokens;
  return span(ids, of, call, { kind: 3, attributes, statusCode: call.error ? 2 : 1, statusMessage: call.error ?? "" });
}

/**
 * One call is one LLM span. Several (tool calls answered by stubs) hang under a root without
 * usage, so each call's tokens count once (a parent with usage would be read as an aggregate).
 */
function replaySpans(calls: Call[], of: Of, input: RerunInput): DecodedSpan[] {
  const traceId = randomBytes(16).toString("hex");
  const id = () => randomBytes(8).toString("hex");
  if (calls.length === 1) return [callSpan(calls[0]!, { traceId, spanId: id(), parentSpanId: "" }, of, input)];
  const root = span(
    { traceId, spanId: id(), parentSpanId: "" },
    of,
    { started: calls[0]!.started, ended: calls.at(-1)!.ended },
    {},
  );
  return [root, ...calls.map((c) => callSpan(c, { traceId, spanId: id(), parentSpanId: root.spanId }, of, input))];
}

/** Runs the edited step; answers the new result beside the recorded one, with a word diff. */
export async function rerunStep({
  ctx,
  traceId,
  spanId,
  input,
}: {
  ctx: ProjectContext;
  traceId: string;
  spanId: string;
  input: RerunInput;
}): Promise<RerunResult> {
  requirePermission(ctx, "experiments.run");
  const [step, models, config] = await Promise.all([
    recordedStep(ctx.projectId, traceId, spanId),
    rerunModels(ctx.projectId),
    judgeConfig(ctx.projectId),
  ]);
  if (!config) throw new ServiceError("bad_request", "no model endpoint is configured (Settings → Quality)", "model");
  if (!models.includes(input.model))
    throw new ServiceError(
      "bad_request",
      `model: ${input.model} is not allowed; allowed: ${models.join(", ")}`,
      "model",
    );

  const calls: Call[] = [];
  const messages = [...input.messages];
  const used = new Set<number>();
  let stubbed = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const call: Call = { started: Date.now(), ended: 0, messages: [...messages] };
    calls.push(call);
    try {
      call.completion = await complete(config, {
        model: input.model,
        messages,
        ...(input.tools ? { tools: input.tools } : {}),
        ...input.parameters,
      });
    } catch (error) {
      call.error = error instanceof Error ? error.message : String(error);
    }
    call.ended = Date.now();
    const answer = call.completion?.choices?.[0]?.message;
    const toolCalls = answer?.tool_calls ?? [];
    if (call.error || !input.stubTools || toolCalls.length === 0) break;
    const stubs = stubResults(toolCalls, step.toolResults, used);
    if (!stubs) break;
    stubbed += stubs.length;
    messages.push({ role: "assistant", content: answer?.content ?? null, tool_calls: toolCalls }, ...stubs);
  }

  const spans = replaySpans(calls, step, input);
  const replayTraceId = spans[0]!.traceId;
  const { rows } = normalizeAll(ctx.projectId, spans, await ingestSettingsFor(ctx.projectId));
  // No rule scores: a re-run is not the product's answer. Through the log like every span.
  await (await ingestPipeline()).append(traceEntry(rows, []));

  const pricing = await loadPricing(ctx.projectId);
  const costs = rows.map((r) => spanCost(r, pricing));
  const last = calls.at(-1)!;
  const lastMessage = last.completion?.choices?.[0]?.message;
  const answer = lastMessage ? answerText(JSON.stringify([{ role: "assistant", ...lastMessage }])) : "";
  return {
    replayTraceId,
    model: input.model,
    responseModel: last.completion?.model ?? null,
    answer,
    error: calls.find((c) => c.error)?.error ?? null,
    inputTokens: rows.reduce((sum, r) => sum + Number(r.input_tokens), 0),
    outputTokens: rows.reduce((sum, r) => sum + Number(r.output_tokens), 0),
    costUsd: costs.some((c) => c !== null) ? costs.reduce<number>((sum, c) => sum + (c ?? 0), 0) : null,
    latencyMs: last.ended - calls[0]!.started,
    calls: calls.length,
    stubbedToolResults: stubbed,
    recorded: step.recorded,
    diff: textDiff(step.recorded.answer, answer),
  };
}
