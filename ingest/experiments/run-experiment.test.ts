import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import type { ProjectContext } from "@/lib/auth/context";
import { judgeSettingsInput, putJudgeSettings } from "@/lib/judge/judge-settings";
import { createSet, setInput } from "@/lib/sets/regression-sets";
import { importItems } from "@/lib/sets/set-files";
import { makeProject } from "@/lib/testing/factories";
import { waitApplied } from "@/lib/testing/wait-applied";
import { getTrace } from "@/lib/traces/get-trace";
import { experimentInput } from "@/lib/sets/experiment-input";
import { runExperiment } from "./run-experiment";

// A local OpenAI-compatible server: the judge's prompts get a verdict (0.9 when the answer names
// Paris), other requests an answer; every call uses 1,000 input and 100 output tokens of
// gpt-4o-mini (0.15 / 0.60 USD per M): 0.00021 USD.
const server = http.createServer((req, res) => {
  let text = "";
  req.on("data", (c: Buffer) => (text += c.toString()));
  req.on("end", () => {
    const body = JSON.parse(text) as { messages: Array<{ content: string }> };
    const prompt = body.messages.map((m) => m.content).join("\n");
    const content = prompt.includes("Rate how well")
      ? JSON.stringify({ score: /Assistant answer:\s*Paris/.test(prompt) ? 0.9 : 0.1, reason: "r" })
      : prompt.includes("capital")
        ? "Paris is the capital of France."
        : "I don't know.";
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        model: "gpt-4o-mini",
        choices: [{ message: { role: "assistant", content } }],
        usage: { prompt_tokens: 1000, completion_tokens: 100 },
      }),
    );
  });
});
const CALL_USD = (1000 * 0.15 + 100 * 0.6) / 1e6;

let ctx: ProjectContext;
let setId: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  await putJudgeSettings({
    ctx,
    input: judgeSettingsInput.parse({
      enabled: false,
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
      model: "gpt-4o-mini",
    }),
  });
  setId = (await createSet({ ctx, input: setInput.parse({ name: "capitals" }) })).id;
  const line = (question: string, expected: string) =>
    JSON.stringify({ input: [{ role: "user", content: question }], expectedOutput: expected, recordedOutput: "Lyon." });
  await importItems({
    ctx,
    id: setId,
    input: {
      format: "jsonl",
      content: [
        line("The capital of France?", "Paris is the capital of France."),
        line("The capital of Italy?", "Rome"),
        line("What is love?", "I don't know."),
      ].join("\n"),
    },
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("experiments", () => {
  it("scores each item with the checks, the judge and the rule checks, and aggregates them exactly", async () => {
    const run = await runExperiment({
      ctx,
      setId,
      input: experimentInput.parse({
        variant: { model: "gpt-4o-mini", systemPrompt: "Answer briefly." },
        checks: { exact: true, contains: ["capital"], judge: true },
        concurrency: 2,
        costCapUsd: 1,
      }),
    });
    expect(run).toMatchObject({ setVersion: 1, status: "done", stoppedByCostCap: false, notRun: 0, itemsFinished: 3 });
    expect(run.items.map((i) => [i.answer, i.checks.exact, i.checks.contains, i.judge]).sort()).toEqual([
      ["I don't know.", true, false, 0.1],
      ["Paris is the capital of France.", false, true, 0.9],
      ["Paris is the capital of France.", true, true, 0.9],
    ]);
    expect(run.aggregate).toMatchObject({ items: 3, errors: 0, differing: 3, exactRate: 2 / 3, containsRate: 2 / 3 });
    expect(run.aggregate.judge.n).toBe(3);
    expect(run.aggregate.judge.mean).toBeCloseTo((0.9 + 0.9 + 0.1) / 3, 12);
    expect(run.aggregate.costUsd).toBeCloseTo(3 * CALL_USD, 12);
    expect(run.aggregate.judgeCostUsd).toBeCloseTo(3 * CALL_USD, 12);
    expect(run.totals).toMatchObject({ items: 3, notRun: 0 });
    expect(run.totals!.spentUsd).toBeCloseTo(6 * CALL_USD, 12);
    const ruleNames = Object.keys(run.items[0]!.rules);
    expect(ruleNames.length).toBeGreaterThan(0);
    for (const name of ruleNames)
      expect(run.aggregate.rules[name]).toBeCloseTo(run.items.reduce((t, i) => t + i.rules[name]!, 0) / 3, 12);
    await waitApplied();
    // The variant's three calls and the judge's three, each an LLM span of the run's trace.
    const trace = await getTrace({ ctx, traceId: run.traceId });
    expect(trace.spans).toHaveLength(6);
    expect(trace.costUsd).toBeCloseTo(6 * CALL_USD, 12);
    expect(
      trace.spans
        .filter((s) => s.name === "experiment")
        .map((s) => s.spanId)
        .sort(),
    ).toEqual(run.items.map((i) => i.spanId).sort());
    expect(trace.spans.find((s) => s.name === "experiment")!.input).toContain("Answer briefly.");
  });

  it("stops at the cost cap", async () => {
    const run = await runExperiment({
      ctx,
      setId,
      input: experimentInput.parse({ variant: { model: "gpt-4o-mini" }, concurrency: 1, costCapUsd: 1.5 * CALL_USD }),
    });
    expect(run).toMatchObject({ status: "stopped_by_cap", stoppedByCostCap: true, notRun: 1, aggregate: { items: 2 } });
    expect(run.aggregate.costUsd).toBeCloseTo(2 * CALL_USD, 12);
  });

  it("counts the judge's calls toward the cap: a cap the variant alone would not reach stops the run", async () => {
    // 1.5 calls: without the judge two items would run (1, then 2 calls spent); with it the
    // first item alone spends 2 calls (its answer and its verdict).
    const input = { variant: { model: "gpt-4o-mini" }, concurrency: 1, costCapUsd: 1.5 * CALL_USD };
    const judged = await runExperiment({
      ctx,
      setId,
      input: experimentInput.parse({ ...input, checks: { judge: true } }),
    });
    expect(judged).toMatchObject({ status: "stopped_by_cap", notRun: 2, aggregate: { items: 1 } });
    expect(judged.aggregate.costUsd + judged.aggregate.judgeCostUsd).toBeCloseTo(2 * CALL_USD, 12);
    const unjudged = await runExperiment({ ctx, setId, input: experimentInput.parse(input) });
    expect(unjudged).toMatchObject({ status: "stopped_by_cap", notRun: 1, aggregate: { items: 2 } });
  });

  it("checks answers against a JSON schema, and refuses a model the project does not allow", async () => {
    const { checkAnswer } = await import("@/lib/domain/stats/experiment");
    const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    const checks = { exact: false, contains: [], judge: false, jsonSchema: schema };
    expect(checkAnswer('{"city":"Paris"}', null, checks).jsonSchema).toBe(true);
    expect(checkAnswer('{"town":"Paris"}', null, checks).jsonSchema).toBe(false);
    expect(checkAnswer("Paris", null, checks).jsonSchema).toBe(false);
    await expect(
      runExperiment({ ctx, setId, input: experimentInput.parse({ variant: { model: "gpt-5" }, costCapUsd: 1 }) }),
    ).rejects.toMatchObject({ field: "variant.model" });
  });
});
