import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { notFound, ServiceError } from "@/lib/api/errors";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, str } from "@/lib/clickhouse/sql";
import { answerText, toChatMessages, type ChatMessage, type RecordedTool } from "@/lib/domain/genai/chat-messages";
import type { SpanRow } from "@/lib/domain/span/span-row";
import { judgeConfig } from "@/lib/judge/judge-settings";
import { loadPricing } from "@/lib/pricing/price-catalog";
import { spanCost } from "@/lib/pricing/price-span";
import { rerunParameters, type RerunParameters } from "./rerun-input";

// A recorded LLM step as the re-run editor opens it: its messages, model and parameters, the
// recorded answer and usage to compare with, the trace's tool results (the stubs), and the
// models the project's endpoint may be asked for.

const ID = { trace: /^[0-9a-f]{32}$/, span: /^[0-9a-f]{16}$/ };
const PARAMETERS = ["temperature", "top_p", "max_tokens", "frequency_penalty", "presence_penalty", "seed"] as const;

export type RecordedStep = {
  traceId: string;
  spanId: string;
  feature: string;
  tenant: string;
  model: string;
  messages: ChatMessage[];
  tools: unknown[] | null;
  parameters: RerunParameters;
  recorded: { answer: string; inputTokens: number; outputTokens: number; costUsd: number | null; latencyMs: number };
  toolResults: RecordedTool[];
};

function parameters(attributes: Record<string, string>): RerunParameters {
  const out: Record<string, number> = {};
  for (const name of PARAMETERS) {
    const value = Number(attributes[`gen_ai.request.${name}`]);
    if (attributes[`gen_ai.request.${name}`] !== undefined && Number.isFinite(value)) out[name] = value;
  }
  return rerunParameters.catch({}).parse(out);
}

function tools(attributes: Record<string, string>): unknown[] | null {
  const raw = attributes["gen_ai.tool.definitions"] ?? attributes["llm.tools"];
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) && parsed.length ? parsed : null;
  } catch {
    return null;
  }
}

/** For the checked verbs: the step, or notFound / badRequest naming what is wrong. */
export async function recordedStep(projectId: string, traceId: string, spanId: string): Promise<RecordedStep> {
  const trace = traceId.toLowerCase();
  const span = spanId.toLowerCase();
  if (!ID.trace.test(trace) || !ID.span.test(span)) throw notFound("Step not found");
  const spans = await queryRows<SpanRow>({
    projectId,
    tag: "replay.recorded",
    query: sql`
      SELECT * EXCEPT (ingested_at) FROM ${tables.spans}
      WHERE ${tables.spans.scope} AND trace_id = ${str(trace)}
      ORDER BY span_id, ingested_at DESC LIMIT 1 BY span_id`,
  });
  const step = spans.find((s) => s.span_id === span);
  if (!step) throw notFound("Step not found");
  if (step.kind !== "llm")
    throw new ServiceError("bad_request", `only an LLM step can be re-run (this one is ${step.kind})`, "spanId");
  const pricing = await loadPricing(projectId);
  return {
    traceId: trace,
    spanId: span,
    feature: step.feature,
    tenant: step.tenant,
    model: step.model || step.response_model,
    messages: toChatMessages(step.input),
    tools: tools(step.attributes),
    parameters: parameters(step.attributes),
    recorded: {
      answer: answerText(step.output),
      inputTokens: Number(step.input_tokens),
      outputTokens: Number(step.output_tokens),
      costUsd: spanCost(step, pricing),
      latencyMs: step.duration_ms,
    },
    toolResults: spans
      .filter((s) => s.kind === "tool" && s.tool_result !== "")
      .sort((a, b) => a.start_time.localeCompare(b.start_time))
      .map((s) => ({ name: s.tool_name, callId: s.tool_call_id || null, result: s.tool_result })),
  };
}

/** The models a re-run may ask the endpoint for: the judge's model first, then the allowed ones. */
export async function rerunModels(projectId: string): Promise<string[]> {
  const config = await judgeConfig(projectId);
  return config ? [...new Set([config.model, ...config.allowedModels])] : [];
}

/** What the re-run editor opens with. */
export async function prepareRerun({ ctx, traceId, spanId }: { ctx: ProjectContext; traceId: string; spanId: string }) {
  requirePermission(ctx, "experiments.run");
  const [step, models] = await Promise.all([recordedStep(ctx.projectId, traceId, spanId), rerunModels(ctx.projectId)]);
  return { ...step, models, endpointConfigured: models.length > 0 };
}
