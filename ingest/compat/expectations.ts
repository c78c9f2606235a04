import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { listTraces } from "@/lib/traces/list-traces";
import { startCompat, type Compat, type ScenarioLine, type TraceDetail } from "./harness";
import PROMPTS from "./drivers/prompts.json";
import { EMBEDDING_TOKENS_PER_INPUT, FAIL_MODEL, REPLY, USAGE, type ReplyKind } from "./openai-compatible-server";

// What every instrumentation library must come out as, written as issue 14 specifies the
// correct reading (not as today's code happens to read it). One `it` per property so a run
// lists exactly which ones a library does not meet yet.


// Catalog list prices per million tokens (lib/pricing/default-catalog.ts).
const PRICE = { "gpt-4o-mini": { input: 0.15, output: 0.6 }, "text-embedding-3-small": { input: 0.02, output: 0 } } as const;

type Scenario = "chat" | "stream" | "tool" | "embeddings" | "fail";
const SERVED: Record<Scenario, ReplyKind[]> = { chat: ["chat"], stream: ["stream"], tool: ["tool_call", "tool_result"], embeddings: ["embedding"], fail: ["error"] };
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

export type CompatOptions = {
  /** The driver file under drivers/. */
  driver: string;
  /** The library runs the tool itself and records it as a span. */
  toolSpan?: boolean;
  /** Scenarios this library cannot express (each listed with the reason in the test file). */
  skip?: Scenario[];
  env?: Record<string, string>;
};

const llmSpans = (t: TraceDetail) => t.spans.filter((s) => s.kind === "llm");
const describeSpans = (t: TraceDetail) => t.spans.map((s) => `${s.name} [${s.kind}] ${s.model ?? "-"} ${s.inputTokens}/${s.outputTokens} ${s.status}`).join("\n");

function spanWithUsage(t: TraceDetail, usage: { input: number; output: number }, kind = "llm") {
  const span = t.spans.find((s) => s.kind === kind && s.inputTokens === usage.input && s.outputTokens === usage.output);
  expect(span, `a ${kind} span with ${usage.input}/${usage.output} tokens in:\n${describeSpans(t)}`).toBeDefined();
  return span!;
}

/** Defines the whole suite for one library: drive it once, then check each property. */
export function describeCompat(lib: string, options: CompatOptions) {
  const scenarios = (["chat", "stream", "tool", "embeddings", "fail"] as Scenario[]).filter((s) => !options.skip?.includes(s));
  const has = (s: Scenario) => scenarios.includes(s);
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

    it("chat: an llm span with the model, the served tokens, the prompt with its system instructions, and the reply", () => {
      const span = spanWithUsage(trace("chat"), USAGE.chat);
      expect(span.model).toBe("gpt-4o-mini");
      expect(span.input ?? "").toContain(PROMPTS.chat);
      expect(span.input ?? "").toContain(PROMPTS.system);
      expect(span.output ?? "").toContain(REPLY.chat);
    });

    if (has("stream")) {
      it("streamed chat: an llm span with the usage chunk's tokens and the assembled reply", () => {
        const span = spanWithUsage(trace("stream"), USAGE.stream);
        expect(span.model).toBe("gpt-4o-mini");
        expect(span.input ?? "").toContain(PROMPTS.stream);
        expect(span.output ?? "").toContain(REPLY.stream.join(""));
      });
    }

    it("tool call: the call (name and arguments) on the first llm span, the result in the second's input", () => {
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
    });

    if (has("embeddings")) {
      it("embeddings: an embedding span with the model and the served input tokens", () => {
        const span = spanWithUsage(trace("embeddings"), { input: EMBEDDING_TOKENS, output: 0 }, "embedding");
        expect(span.model).toBe("text-embedding-3-small");
      });
    }

    it("failing call: an llm span marked error with the server's message", () => {
      const t = trace("fail");
      expect(t.status).toBe("error");
      const failed = llmSpans(t).find((s) => s.status === "error");
      expect(failed, `an llm span in error in:\n${describeSpans(t)}`).toBeDefined();
      expect(failed!.model).toBe(FAIL_MODEL);
      expect(`${failed!.statusMessage ?? ""} ${failed!.exception?.message ?? ""}`).toContain(FAIL_MODEL);
    });

    it(`tenant t-${lib} and feature f-${lib} on every scenario's trace and its model calls`, async () => {
      for (const s of scenarios) {
        const t = trace(s);
        expect([s, t.tenant, t.feature]).toEqual([s, `t-${lib}`, `f-${lib}`]);
        for (const span of t.spans.filter((x) => x.model)) expect([s, span.name, span.tenant, span.feature]).toEqual([s, span.name, `t-${lib}`, `f-${lib}`]);
      }
      const listed = (await listTraces({ ctx: compat.ctx, query: { limit: 50, tenant: `t-${lib}`, feature: `f-${lib}` } })).data;
      expect(listed.map((r) => r.traceId).sort()).toEqual(scenarios.map((s) => trace(s).traceId).sort());
    });

    it("cost: priced models cost what the catalog says for the served tokens", () => {
      expect(spanWithUsage(trace("chat"), USAGE.chat).costUsd).toBeCloseTo(servedCost("chat"), 12);
      if (has("embeddings")) expect(trace("embeddings").costUsd).toBeCloseTo(servedCost("embeddings"), 12);
      for (const s of scenarios) expect([s, trace(s).costUsd]).toEqual([s, expect.closeTo(servedCost(s), 12)]);
    });

    it("trace totals count every served token once: trace list, trace detail and cost", async () => {
      const listed = new Map((await listTraces({ ctx: compat.ctx, query: { limit: 50 } })).data.map((r) => [r.traceId, r]));
      for (const s of scenarios) {
        const row = listed.get(trace(s).traceId);
        const served = servedTokens(s);
        expect([s, row?.inputTokens, row?.outputTokens]).toEqual([s, served.input, served.output]);
        expect([s, row?.costUsd]).toEqual([s, expect.closeTo(servedCost(s), 12)]);
      }
      const from = new Date(Date.now() - 2 * 3_600_000);
      const to = new Date(Date.now() + 3_600_000);
      const [total] = (await costMetrics({ ctx: compat.ctx, query: { from, to, groupBy: [] } })).data;
      const sum = scenarios.reduce((acc, s) => ({ input: acc.input + servedTokens(s).input, output: acc.output + servedTokens(s).output, cost: acc.cost + servedCost(s) }), { input: 0, output: 0, cost: 0 });
      expect(total).toMatchObject({ inputTokens: sum.input, outputTokens: sum.output });
      expect(total?.costUsd).toBeCloseTo(sum.cost, 12);
    });
  });
}
