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
import { getExperiment } from "@/lib/experiments/read-experiments";
import {
  finishExperiment,
  HEARTBEAT_EVERY_MS,
  insertExperiment,
  recordExperimentItem,
  touchExperiment,
} from "@/lib/experiments/experiment-rows";
import { actorLabel } from "@/lib/audit/record";
import { logged } from "@/lib/log/logger";

// An experiment: a set's items sent to the project's endpoint with a variant (model, a system
// prompt in place of the recorded one, parameters), `concurrency` at a time, stopping once the
// spent cost reaches the cap. Each answer is scored with the rule checks of ingest, the optional
// judge, and exact / contains / JSON-schema checks against the item's expected output. Each call
// is an LLM span (feature `experiment`) through the ingest log, so the cost shows in /cost; the
// judge's calls too, and their cost counts toward the cap. The run is stored (lib/experiments):
// its row when it starts, an item row as each item finishes, the totals at the end.

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

type Call = {
  traceId: string;
  model: string;
  itemId: string;
  name: string;
  messages: unknown;
  started: number;
  ended: number;
  completion: Completion | undefined;
  error: string | null;
  extra?: Record<string, string | boolean>;
};

/** One model call of the run as an LLM span of the run's trace. */
function callSpan(experimentId: string, setId: string, call: Call): DecodedSpan {
  const message = call.completion?.choices?.[0]?.message;
  const usage = call.completion?.usage;
  return {
    traceId: call.traceId,
    spanId: randomBytes(8).toString("hex"),
    parentSpanId: "",
    name: call.name,
    kind: 3,
    startNanos: BigInt(call.started) * 1_000_000n,
    endNanos: BigInt(call.ended) * 1_000_000n,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": call.model,
      "feature.name": EXPERIMENT_FEATURE,
      "observatory.experiment.id": experimentId,
      "observatory.experiment.set_id": setId,
      "observatory.experiment.item_id": call.itemId,
      "gen_ai.input.messages": JSON.stringify(call.messages),
      ...(message ? { "gen_ai.output.messages": JSON.stringify([{ role: "assistant", ...message }]) } : {}),
      ...(usage?.prompt_tokens !== undefined ? { "gen_ai.usage.input_tokens": usage.prompt_tokens } : {}),
      ...(usage?.completion_tokens !== undefined ? { "gen_ai.usage.output_tokens": usage.completion_tokens } : {}),
      ...call.extra,
    },
    events: [],
    links: [],
    statusCode: call.error ? 2 : 1,
    statusMessage: call.error ?? "",
    resource: { "service.name": "ai-observatory-experiment" },
    scopeName: "experiment",
    scopeVersion: "1",
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Starts a run: checks the variant, stores the experiment as `running` and answers it; the
 * items run in this process behind the answer (`done` settles when the row is closed).
 */
export async function startExperiment({
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

  const experiment = await insertExperiment({
    id: randomUUID(),
    projectId: ctx.projectId,
    setId: set.id,
    setVersion: version,
    variant: input.variant,
    checks: input.checks,
    concurrency: input.concurrency,
    costCapUsd: input.costCapUsd,
    traceId: randomBytes(16).toString("hex"),
    itemCount: items.length,
    createdBy: actorLabel(ctx.actor),
  });
  const { id: experimentId, traceId } = experiment;
  const results: ItemResult[] = [];
  let spent = 0;
  let next = 0;
  let stopped = false;

  async function ask(call: Omit<Call, "started" | "ended" | "completion" | "error">, body: () => Promise<Completion>) {
    const started = Date.now();
    let completion: Completion | undefined;
    let error: string | null = null;
    try {
      completion = await body();
    } catch (e) {
      error = messageOf(e);
    }
    const { rows } = normalizeAll(
      ctx.projectId,
      [callSpan(experimentId, set.id, { ...call, started, ended: Date.now(), completion, error })],
      settings,
    );
    const row = rows[0];
    if (row) await (await ingestPipeline()).append(traceEntry(rows, []));
    return {
      completion,
      error,
      row,
      latencyMs: Date.now() - started,
      costUsd: row ? (spanCost(row, pricing) ?? 0) : 0,
    };
  }

  async function runItem(item: SetItem) {
    const messages = messagesFor(item, input.variant.systemPrompt);
    const variant = await ask(
      { traceId, model: input.variant.model, itemId: item.id, name: "experiment", messages },
      () => call(config!, { model: input.variant.model, messages, ...input.variant.parameters }),
    );
    const message = variant.completion?.choices?.[0]?.message;
    const answer = message ? answerText(JSON.stringify([{ role: "assistant", ...message }])) : "";
    const rules =
      variant.row && !variant.error
        ? Object.fromEntries(ruleScores(variant.row, { retrievalLowScore: 0 }).map((r) => [r.name, r.value]))
        : {};
    let judge: number | null = null;
    let judgeCostUsd = 0;
    if (input.checks.judge && !variant.error) {
      const prompt = fill(config!.template, { request: JSON.stringify(item.input), answer });
      const verdict = await ask(
        {
          traceId,
          model: config!.model,
          itemId: item.id,
          name: "experiment-judge",
          messages: [{ role: "user", content: prompt }],
          extra: { "observatory.experiment.judge": true },
        },
        () => askJudge(config!, prompt),
      );
      judgeCostUsd = verdict.costUsd;
      // A judge that fails or answers no score leaves the item unjudged, not the run failed.
      if (!verdict.error)
        judge = (() => {
          try {
            return parseVerdict(verdict.completion?.choices?.[0]?.message?.content ?? "").score;
          } catch {
            return null;
          }
        })();
    }
    const result: ItemResult = {
      itemId: item.id,
      answer,
      recordedOutput: item.recordedOutput,
      expectedOutput: item.expectedOutput,
      error: variant.error,
      inputTokens: variant.completion?.usage?.prompt_tokens ?? null,
      outputTokens: variant.completion?.usage?.completion_tokens ?? null,
      costUsd: variant.costUsd,
      judgeCostUsd,
      latencyMs: variant.latencyMs,
      rules,
      judge,
      checks: checkAnswer(answer, item.expectedOutput, input.checks),
    };
    await recordExperimentItem(experimentId, result, { traceId, spanId: variant.row?.span_id ?? "" });
    return result;
  }

  async function worker() {
    while (next < items.length && !stopped) {
      // The cap counts everything the run spent: the variant's calls and the judge's.
      if (spent >= input.costCapUsd) {
        stopped = true;
        break;
      }
      const result = await runItem(items[next++]!);
      spent += result.costUsd + result.judgeCostUsd;
      results.push(result);
    }
  }

  async function execute() {
    const heartbeat = setInterval(
      () => void touchExperiment(experimentId).catch(logged("experiments", "heartbeat failed", { experimentId })),
      HEARTBEAT_EVERY_MS,
    );
    heartbeat.unref();
    try {
      await Promise.all(Array.from({ length: Math.min(input.concurrency, items.length) }, worker));
      const { aggregate } = summarizeExperiment(results);
      await finishExperiment(experimentId, {
        status: stopped ? "stopped_by_cap" : "done",
        totals: { ...aggregate, notRun: items.length - results.length, spentUsd: spent },
      });
    } catch (error) {
      await finishExperiment(experimentId, { status: "failed", totals: null, error: messageOf(error) });
    } finally {
      clearInterval(heartbeat);
    }
  }

  const done = execute()
    .catch(logged("experiments", "closing the experiment failed", { experimentId }))
    .finally(() => inFlight.delete(experimentId));
  inFlight.set(experimentId, done);
  return { experiment, done };
}

/** The runs this process is executing, by experiment id, until their row is closed. */
const inFlight = new Map<string, Promise<void>>();

/** Settles when this process's run of the experiment has closed its row (at once if none). */
export async function experimentSettled(experimentId: string): Promise<void> {
  await inFlight.get(experimentId);
}

/** A run to its end, answered as GET /api/v1/experiments/{id} answers it (for tests and scripts). */
export async function runExperiment(args: Parameters<typeof startExperiment>[0]) {
  requirePermission(args.ctx, "experiments.run");
  const { experiment, done } = await startExperiment(args);
  await done;
  return getExperiment({ ctx: args.ctx, id: experiment.id });
}
