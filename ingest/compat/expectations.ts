import { readServingMetrics } from "@/lib/metrics/read-serving-metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { listTraces } from "@/lib/traces/list-traces";
import { listSessions, listSessionsQuery } from "@/lib/sessions/list-sessions";
import { startCompat, type Compat, type ScenarioLine, type TraceDetail } from "./harness";
import PROMPTS from "./drivers/prompts.json";
import { EMBEDDING_TOKENS_PER_INPUT, FAIL_MODEL, REPLY, USAGE, type ReplyKind } from "./openai-compatible-server";

// What every instrumentation library must come out as, written as issue 14 specifies the
// correct reading (not as today's code happens to read it). One `it` per property so a run
// lists exactly which ones a library does not meet yet.

// Catalog list prices per million tokens (lib/pricing/default-catalog.ts).
const PRICE = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "text-embedding-3-small": { input: 0.02, output: 0 },
} as const;

type Scenario = "chat" | "stream" | "tool" | "embeddings" | "fail";
const SERVED: Record<Scenario, ReplyKind[]> = {
  chat: ["chat"],
  stream: ["stream"],
  tool: ["tool_call", "tool_result"],
  embeddings: ["embedding"],
  fail: ["error"],
};
const EMBEDDING_TOKENS = PROMPTS.embed.length * EMBEDDING_TOKENS_PER_INPUT;

function servedTokens(scenario: Scenario) {
  const kinds = SERVED[scenario].filter((k): k is keyof typeof USAGE => k in USAGE);
  const input = kinds.reduce((n, k) => n + USAGE[k].input, 0) + (scenario === "embeddings" ? EMBEDDING_TOKENS : 0);
  const output = kinds.reduce((n, k) => n + USAGE[k].output, 0);
  return { input, output };
}

function servedCost(scenario: Scenario) {
  const { input, output } = servedTokens(scenario);
  const price = scenario === "embeddings" ? PRICE["text-embedding-3-small"] : PRICE["gpt-4o-mini"];
  return (input * price.input + output * price.output) / 1e6;
}

/**
 * A gap is something the library itself does not send, so no reading of ours can show it:
 * `<scenario>` (that scenario's own check is expected to fail, and the scenario is left out of
 * the checks across scenarios), `tenant:<scenario>` or `usage:<scenario>` (left out of the
 * tenant check, or of the token and cost checks). The reason is in the test's title, and an
 * expected failure that starts passing fails the run, so a fixed library is noticed.
 */
export type Gap = Scenario | `tenant:${Scenario}` | `usage:${Scenario}`;

export type CompatOptions = {
  /** The driver file under drivers/. */
  driver: string;
  /** The library also exports GenAI client metrics: they must arrive through /v1/metrics and read back. */
  metrics?: boolean;
  /** The library runs the tool itself and records it as a span. */
  toolSpan?: boolean;
  /** Scenarios whose usage the library leaves out although it has the messages: ingest counts them (`usageEstimated`). */
  estimated?: Scenario[];
  gaps?: Partial<Record<Gap, string>>;
  env?: Record<string, string>;
};

const llmSpans = (t: TraceDetail) => t.spans.filter((s) => s.kind === "llm");
const describeSpans = (t: TraceDetail) =>
  t.spans
    .map((s) => `${s.name} [${s.kind}] ${s.model ?? "-"} ${s.inputTokens}/${s.outputTokens} ${s.status}`)
    .join("\n");

function spanWithUsage(t: TraceDetail, usage: { input: number; output: number }, kind = "llm") {
  const span = t.spans.find((s) => s.kind === kind && s.inputTokens === usage.input && s.outputTokens === usage.output);
  expect(span, `a ${kind} span with ${usage.input}/${usage.output} tokens in:\n${describeSpans(t)}`).toBeDefined();
  return span!;
}

/** Tokens the detail counts: every span's but those it marks as repeating their descendants' (`usageAggregate`). */
function llmAndEmbeddingTokens(t: TraceDetail) {
  const counted = t.spans.filter((s) => !(s as { usageAggregate?: boolean }).usageAggregate);
  return {
    input: counted.reduce((n, s) => n + s.inputTokens, 0),
    output: counted.reduce((n, s) => n + s.outputTokens, 0),
  };
}

function estimatedSpan(t: TraceDetail, kind = "llm") {
  const span = t.spans.find((s) => s.kind === kind && s.inputTokens > 0);
  expect(span, `a ${kind} span with counted tokens in:\n${describeSpans(t)}`).toBeDefined();
  expect((span as { usageEstimated?: boolean }).usageEstimated).toBe(true);
  return span!;
}

/** Defines the whole suite for one library: drive it once, then check each property. */
export function describeCompat(lib: string, options: CompatOptions) {
  const scenarios: Scenario[] = ["chat", "stream", "tool", "embeddings", "fail"];
  const gaps = options.gaps ?? {};
  const estimated = (s: Scenario) => options.estimated?.includes(s) ?? false;
  const gapNote = (keys: Gap[]) =>
    keys
      .filter((k) => gaps[k])
      .map((k) => ` [library gap ${k}: ${gaps[k]}]`)
      .join("");
  /** Scenarios a check across scenarios covers, and the gaps that left others out. */
  const across = (kind: "tenant" | "usage") => {
    const left = scenarios.filter((s) => gaps[s] || gaps[`${kind}:${s}`]);
    const exact = scenarios.filter((s) => !left.includes(s) && (kind === "tenant" || !estimated(s)));
    return {
      covered: exact,
      complete: exact.length === scenarios.length,
      note: gapNote(left.flatMap((s): Gap[] => [s, `${kind}:${s}`])),
    };
  };
  // A scenario's own check is an expected failure where the library does not send what it needs.
  const scenarioCheck = (s: Scenario, title: string, fn: () => void) =>
    gaps[s] ? it.fails(`${title}${gapNote([s])}`, fn) : it(title, fn);
  let compat: Compat;
  let lines: ScenarioLine[] = [];
  const traces = new Map<Scenario, TraceDetail>();
  const trace = (s: Scenario) => traces.get(s) ?? expect.fail(`no trace for scenario ${s}`);

  describe(`${lib}: what the real library sends, read right`, () => {
    beforeAll(async () => {
      compat = await startCompat(lib);
      const run = await compat.runDriver(options.driver, options.env);
      lines = run.lines;
      for (const s of scenarios) traces.set(s, await compat.trace(run.scenario(s)));
    });
    afterAll(async () => compat?.close());

    it("runs every scenario offline; the server served what each scenario asks; every export is accepted", () => {
      expect(lines.map((l) => [l.scenario, l.ok])).toEqual(scenarios.map((s) => [s, s !== "fail"]));
      expect(compat.llm.served.map((s) => s.kind)).toEqual(scenarios.flatMap((s) => SERVED[s]));
      expect(compat.exports.filter((e) => e.status !== 200)).toEqual([]);
    });

    if (options.metrics) {
      it("client metrics arrive through /v1/metrics and the serving read finds the operation duration and the token usage", async () => {
        expect(compat.exports.filter((e) => e.signal === "metrics").map((e) => e.status)).toContain(200);
        const serving = await readServingMetrics({ ctx: compat.ctx, query: {} });
        expect(serving.figures.operationDuration?.count ?? 0).toBeGreaterThan(0);
        expect(JSON.stringify(serving.tokens)).toMatch(/[1-9]/);
      });
    }

    scenarioCheck(
      "chat",
      "chat: an llm span with the model, the served tokens, the prompt with its system instructions, and the reply",
      () => {
        const span = spanWithUsage(trace("chat"), USAGE.chat);
        expect(span.model).toBe("gpt-4o-mini");
        expect(span.input ?? "").toContain(PROMPTS.chat);
        expect(span.input ?? "").toContain(PROMPTS.system);
        expect(span.output ?? "").toContain(REPLY.chat);
      },
    );

    scenarioCheck(
      "stream",
      `streamed chat: an llm span with ${estimated("stream") ? "tokens counted from the messages, marked estimated" : "the usage chunk's tokens"} and the assembled reply`,
      () => {
        const span = estimated("stream")
          ? estimatedSpan(trace("stream"))
          : spanWithUsage(trace("stream"), USAGE.stream);
        expect(span.model).toBe("gpt-4o-mini");
        expect(span.input ?? "").toContain(PROMPTS.stream);
        expect(span.output ?? "").toContain(REPLY.stream.join(""));
      },
    );

    scenarioCheck(
      "tool",
      `tool call: the call (name and arguments) on the first llm span, the result in the second's input${options.toolSpan ? ", and a tool span" : ""}`,
      () => {
        const t = trace("tool");
        const call = spanWithUsage(t, USAGE.tool_call);
        expect(call.output ?? "").toContain(REPLY.tool.name);
        expect(call.output ?? "").toMatch(/city.{0,6}Paris/);
        const answer = spanWithUsage(t, USAGE.tool_result);
        expect(answer.input ?? "").toContain("sunny");
        expect(answer.output ?? "").toContain(REPLY.toolResult);
        if (options.toolSpan) {
          const tool = t.spans.find((s) => s.kind === "tool");
          expect(tool, `a tool span in:\n${describeSpans(t)}`).toBeDefined();
          expect(tool!.tool).toMatchObject({ name: REPLY.tool.name });
          expect(tool!.tool?.arguments ?? "").toContain("Paris");
          expect(tool!.tool?.result ?? "").toContain("sunny");
        }
      },
    );

    scenarioCheck(
      "embeddings",
      `embeddings: an embedding span with the model and ${estimated("embeddings") ? "tokens counted from the inputs, marked estimated" : "the served input tokens"}`,
      () => {
        const t = trace("embeddings");
        const span = estimated("embeddings")
          ? estimatedSpan(t, "embedding")
          : spanWithUsage(t, { input: EMBEDDING_TOKENS, output: 0 }, "embedding");
        expect(span.model).toBe("text-embedding-3-small");
      },
    );

    scenarioCheck("fail", "failing call: an llm span marked error with the server's message", () => {
      const t = trace("fail");
      expect(t.status).toBe("error");
      const failed = llmSpans(t).find((s) => s.status === "error");
      expect(failed, `an llm span in error in:\n${describeSpans(t)}`).toBeDefined();
      expect(failed!.model).toBe(FAIL_MODEL);
      expect(`${failed!.statusMessage ?? ""} ${failed!.exception?.message ?? ""}`).toContain(FAIL_MODEL);
    });

    const tenant = across("tenant");
    it(`tenant t-${lib} and feature f-${lib} on every scenario's trace and its model calls${tenant.note}`, async () => {
      for (const s of tenant.covered) {
        const t = trace(s);
        expect([s, t.tenant, t.feature]).toEqual([s, `t-${lib}`, `f-${lib}`]);
        for (const span of t.spans.filter((x) => x.model))
          expect([s, span.name, span.tenant, span.feature]).toEqual([s, span.name, `t-${lib}`, `f-${lib}`]);
      }
      const listed = (
        await listTraces({ ctx: compat.ctx, query: { limit: 50, tenant: `t-${lib}`, feature: `f-${lib}` } })
      ).data.map((r) => r.traceId);
      expect(listed).toEqual(expect.arrayContaining(tenant.covered.map((s) => trace(s).traceId)));
    });

    // Session and end user travel the library's way, as tenant and feature do, so the same gaps apply.
    it(`session s-${lib} and end user u-${lib} on every scenario's trace, listed as one session${tenant.note}`, async () => {
      for (const s of tenant.covered) {
        const t = trace(s);
        expect([s, t.sessionId, t.userId]).toEqual([s, `s-${lib}`, `u-${lib}`]);
      }
      const sessions = await listSessions({ ctx: compat.ctx, query: listSessionsQuery.parse({ userId: `u-${lib}` }) });
      expect(sessions.data.map((x) => x.sessionId)).toEqual([`s-${lib}`]);
      expect(sessions.data[0]!.traceIds).toEqual(expect.arrayContaining(tenant.covered.map((s) => trace(s).traceId)));
    });

    const usage = across("usage");
    it(`cost: priced calls cost what the catalog says for the served tokens, whatever the library reported${usage.note}`, () => {
      for (const s of usage.covered) expect([s, trace(s).costUsd]).toEqual([s, expect.closeTo(servedCost(s), 12)]);
      for (const s of scenarios.filter((x) => estimated(x) && !gaps[x]))
        expect([s, trace(s).costUsd > 0]).toEqual([s, true]);
    });

    it(`trace totals count every served token once: trace list, trace detail and cost${usage.note}`, async () => {
      const listed = new Map(
        (await listTraces({ ctx: compat.ctx, query: { limit: 50 } })).data.map((r) => [r.traceId, r]),
      );
      for (const s of usage.covered) {
        const row = listed.get(trace(s).traceId);
        const served = servedTokens(s);
        expect([s, row?.inputTokens, row?.outputTokens]).toEqual([s, served.input, served.output]);
        expect([s, row?.costUsd]).toEqual([s, expect.closeTo(servedCost(s), 12)]);
        const detailTokens = llmAndEmbeddingTokens(trace(s));
        expect([s, detailTokens]).toEqual([s, served]);
      }
      if (!usage.complete) return;
      const from = new Date(Date.now() - 2 * 3_600_000);
      const to = new Date(Date.now() + 3_600_000);
      const [total] = (await costMetrics({ ctx: compat.ctx, query: { from, to, groupBy: [] } })).data;
      const sum = scenarios.reduce(
        (acc, s) => ({
          input: acc.input + servedTokens(s).input,
          output: acc.output + servedTokens(s).output,
          cost: acc.cost + servedCost(s),
        }),
        { input: 0, output: 0, cost: 0 },
      );
      expect(total).toMatchObject({ inputTokens: sum.input, outputTokens: sum.output });
      expect(total?.costUsd).toBeCloseTo(sum.cost, 12);
    });
  });
}
