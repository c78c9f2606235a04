import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import type { z } from "zod";
import { askJudge, fill, parseVerdict } from "@/ingest/judge/run-judge";
import { traceEntry } from "@/ingest/log/entry";
import { ingestPipeline } from "@/ingest/log/ingest-log";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import type { DecodedSpan } from "@/ingest/otlp/types";
import { ruleScores } from "@/ingest/scores/rule-scores";
import { ServiceError } from "@/lib/api/errors";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { answerText } from "@/lib/domain/genai/chat-messages";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { judgeConfig } from "@/lib/judge/judge-settings";
import { loadPricing } from "@/lib/pricing/price-catalog";
import { spanCost } from "@/lib/pricing/price-span";
import { rerunModels } from "@/lib/replay/recorded-step";
import { experimentInput } from "@/lib/sets/experiment-input";
import { itemsOf, ownedSet, type SetItem } from "@/lib/sets/regression-sets";
import { checkAnswer, summarizeExperiment, type ItemResult } from "@/lib/domain/stats/experiment";

// An experiment: a set's items sent to the project's endpoint with a variant (model, a system
// prompt in place of the recorded one, parameters), `concurrency` at a time, stopping once the
// spent cost reaches the cap. Each answer is scored with the rule checks of ingest, the optional
// judge, and exact / contains / JSON-schema checks against the item's expected output. Each call
// is an LLM span (feature `experiment`) through the ingest log, so the cost shows in /cost.

export const EXPERIMENT_FEATURE = "experiment";

type Completion = {
  model?: string;
  choices?: Array<{ message?: { content?: string | null } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
};

function messagesFor(item: SetItem, systemPrompt: string | undefined) {
  const input = item.input as Array<{ role: string; content: string | null }>;
  if (systemPrompt === undefined) return input;
  return [{ role: "system", content: systemPrompt }, ...input.filter((m) => m.role !== "system")];
}

async function call(endpoint: { baseUrl: string; apiKey: string | null }, body: unknown): Promise<Completion> {
  const response = await fetch(`${endpoint.baseUrl}/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok)
    throw new Error(`model endpoint answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as Completion;
}

export async function runExperiment({
  ctx,
  setId,
  input,
}: {
  ctx: ProjectContext;
  setId: string;
  input: z.infer<typeof experimentInput>;
}) {
  requirePermission(ctx, "experiments.run");
  const set = await ownedSet(ctx.projectId, setId);
  const version = input.version === undefined ? set.version : Math.min(input.version, set.version);
  const [items, models, config, settings, pricing] = await Promise.all([
    itemsOf(set, version),
    rerunModels(ctx.projectId),
    judgeConfig(ctx.projectId),
    ingestSettingsFor(ctx.projectId),
    loadPricing(ctx.projectId),
  ]);
  if (!config) throw new ServiceError("bad_request", "no model endpoint is configured (Settings → Quality)", "variant");
  if (!models.includes(input.variant.model))
    throw new ServiceError("bad_request", `variant.model: ${input.variant.model} is not allowed`, "variant.model");

  const experimentId = randomUUID();
  const traceId = randomBytes(16).toString("hex");
  const results: ItemResult[] = [];
  let spent = 0;
  let next = 0;
  let stopped = false;

  async function runItem(item: SetItem): Promise<ItemResult> {
    const started = Date.now();
    let completion: Completion | undefined;
    let error: string | null = null;
    try {
      completion = await call(config!, {
        model: input.variant.model,
        messages: messagesFor(item, input.variant.systemPrompt),
        ...input.variant.parameters,
      });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const ended = Date.now();
    const message = completion?.choices?.[0]?.message;
    const outputJson = message ? JSON.stringify([{ role: "assistant", ...message }]) : "";
    const span: DecodedSpan = {
      traceId,
      spanId: randomBytes(8).toString("hex"),
      parentSpanId: "",
      name: "experiment",
      kind: 3,
      startNanos: BigInt(started) * 1_000_000n,
      endNanos: BigInt(ended) * 1_000_000n,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": input.variant.model,
        "feature.name": EXPERIMENT_FEATURE,
        "observatory.experiment.id": experimentId,
        "observatory.experiment.set_id": set.id,
        "observatory.experiment.item_id": item.id,
        "gen_ai.input.messages": JSON.stringify(messagesFor(item, input.variant.systemPrompt)),
        ...(outputJson ? { "gen_ai.output.messages": outputJson } : {}),
        ...(completion?.usage?.prompt_tokens !== undefined
          ? { "gen_ai.usage.input_tokens": completion.usage.prompt_tokens }
          : {}),
        ...(completion?.usage?.completion_tokens !== undefined
          ? { "gen_ai.usage.output_tokens": completion.usage.completion_tokens }
          : {}),
      },
      events: [],
      links: [],
      statusCode: error ? 2 : 1,
      statusMessage: error ?? "",
      resource: { "service.name": "ai-observatory-experiment" },
      scopeName: "experiment",
      scopeVersion: "1",
    };
    const { rows } = normalizeAll(ctx.projectId, [span], settings);
    const row = rows[0];
    if (row) await (await ingestPipeline()).append(traceEntry(rows, []));
    const costUsd = row ? (spanCost(row, pricing) ?? 0) : 0;
    const answer = outputJson ? answerText(outputJson) : "";
    const rules =
      row && !error ? Object.fromEntries(ruleScores(row, { retrievalLowScore: 0 }).map((r) => [r.name, r.value])) : {};
    let judge: number | null = null;
    if (input.checks.judge && !error) {
      const request = JSON.stringify(item.input);
      const verdict = await askJudge(config!, fill(config!.template, { request, answer }));
      judge = parseVerdict(verdict.choices?.[0]?.message?.content ?? "").score;
    }
    return {
      itemId: item.id,
      answer,
      recordedOutput: item.recordedOutput,
      expectedOutput: item.expectedOutput,
      error,
      costUsd,
      latencyMs: ended - started,
      rules,
      judge,
      checks: checkAnswer(answer, item.expectedOutput, input.checks),
    };
  }

  async function worker() {
    while (next < items.length && !stopped) {
      if (spent >= input.costCapUsd) {
        stopped = true;
        break;
      }
      const item = items[next++]!;
      const result = await runItem(item);
      spent += result.costUsd;
      results.push(result);
    }
  }
  await Promise.all(Array.from({ length: Math.min(input.concurrency, items.length) }, worker));

  return {
    experimentId,
    traceId,
    setId: set.id,
    version,
    model: input.variant.model,
    stoppedByCostCap: stopped,
    notRun: items.length - results.length,
    ...summarizeExperiment(results),
  };
}
