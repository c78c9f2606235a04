import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { startOpenAiCompatibleServer, REPLY, USAGE } from "@/ingest/compat/openai-compatible-server";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { judgeSettingsInput, putJudgeSettings } from "@/lib/judge/judge-settings";
import { prepareRerun } from "@/lib/replay/recorded-step";
import { rerunInput } from "@/lib/replay/rerun-input";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { waitApplied } from "@/lib/testing/wait-applied";
import { getTrace } from "@/lib/traces/get-trace";
import { REPLAY_FEATURE, rerunStep } from "./rerun-step";

// A failed tool-using trace is re-run against a local OpenAI-compatible server: the model asks
// for the tool, the trace's recorded tool result answers it (a stub), and the re-run is stored
// as its own trace, linked to the step, with its cost.

let server: Awaited<ReturnType<typeof startOpenAiCompatibleServer>>;
let ctx: ProjectContext;
const original = traceId();
const ids = { root: spanId(), ask: spanId(), tool: spanId(), answer: spanId() };
const TOOLS = [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }];
const user = { role: "user", parts: [{ type: "text", content: "Weather in Paris?" }] };
const askWeather = {
  role: "assistant",
  parts: [{ type: "tool_call", id: "call_rec", name: "get_weather", arguments: '{"city":"Paris"}' }],
};

beforeAll(async () => {
  server = await startOpenAiCompatibleServer();
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  await putJudgeSettings({
    ctx,
    input: judgeSettingsInput.parse({
      enabled: false,
      baseUrl: server.baseUrl,
      model: "gpt-4o-mini",
      allowedModels: ["gpt-4o"],
      apiKey: "sk-replay",
    }),
  });
  const start = Date.now() - 60_000;
  const llm = { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "feature.name": "weather" };
  const spans = otlpJson([
    { traceId: original, spanId: ids.root, name: "agent", startMs: start, durationMs: 900 },
    {
      traceId: original,
      spanId: ids.ask,
      parentSpanId: ids.root,
      name: "chat",
      startMs: start + 10,
      durationMs: 300,
      attributes: {
        ...llm,
        "gen_ai.request.temperature": 0.2,
        "gen_ai.tool.definitions": JSON.stringify(TOOLS),
        "gen_ai.usage.input_tokens": 40,
        "gen_ai.usage.output_tokens": 12,
        "gen_ai.input.messages": JSON.stringify([user]),
        "gen_ai.output.messages": JSON.stringify([askWeather]),
      },
    },
    {
      traceId: original,
      spanId: ids.tool,
      parentSpanId: ids.root,
      name: "execute_tool get_weather",
      startMs: start + 320,
      durationMs: 50,
      attributes: {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "get_weather",
        "gen_ai.tool.call.id": "call_rec",
        "gen_ai.tool.call.result": "Sunny, 21 °C",
      },
    },
    {
      traceId: original,
      spanId: ids.answer,
      parentSpanId: ids.root,
      name: "chat",
      startMs: start + 400,
      durationMs: 450,
      status: { code: 2, message: "answer refused by the guard" },
      attributes: {
        ...llm,
        "gen_ai.input.messages": JSON.stringify([user, askWeather]),
        "gen_ai.output.messages": JSON.stringify([
          { role: "assistant", parts: [{ type: "text", content: "It rains." }] },
        ]),
      },
    },
  ]);
  const { rows } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(spans)), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 8192,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows);
});
afterAll(() => server.close());

describe("re-run a step", () => {
  it("opens the recorded step with its messages, parameters, tools, tool results and allowed models", async () => {
    const step = await prepareRerun({ ctx, traceId: original, spanId: ids.ask });
    expect(step).toMatchObject({
      model: "gpt-4o",
      parameters: { temperature: 0.2 },
      tools: TOOLS,
      models: ["gpt-4o-mini", "gpt-4o"],
      endpointConfigured: true,
      messages: [{ role: "user", content: "Weather in Paris?" }],
      toolResults: [{ name: "get_weather", callId: "call_rec", result: "Sunny, 21 °C" }],
      recorded: { inputTokens: 40, outputTokens: 12, latencyMs: 300, answer: '→ get_weather({"city":"Paris"})' },
    });
    expect(step.recorded.costUsd).toBeCloseTo((40 * 2.5 + 12 * 10) / 1e6, 12);
  });

  it("answers the model's tool call with the recorded result and stores the re-run as a linked trace with its cost", async () => {
    const step = await prepareRerun({ ctx, traceId: original, spanId: ids.ask });
    const before = server.served.length;
    const result = await rerunStep({
      ctx: { ...ctx, role: "engineer" },
      traceId: original,
      spanId: ids.ask,
      input: rerunInput.parse({
        model: "gpt-4o",
        messages: step.messages,
        tools: step.tools,
        parameters: step.parameters,
      }),
    });
    // First the tool call, then the answer to the stubbed tool message: the tool itself never ran.
    expect(server.served.slice(before).map((s) => s.kind)).toEqual(["tool_call", "tool_result"]);
    const tokens = {
      input: USAGE.tool_call.input + USAGE.tool_result.input,
      output: USAGE.tool_call.output + USAGE.tool_result.output,
    };
    expect(result).toMatchObject({
      answer: REPLY.toolResult,
      error: null,
      calls: 2,
      stubbedToolResults: 1,
      inputTokens: tokens.input,
      outputTokens: tokens.output,
      recorded: { inputTokens: 40, outputTokens: 12 },
    });
    expect(result.costUsd).toBeCloseTo((tokens.input * 2.5 + tokens.output * 10) / 1e6, 12);
    expect(
      result.diff
        .filter((d) => d.op === "added")
        .map((d) => d.text)
        .join(""),
    ).toContain("sunny");

    await waitApplied();
    const replay = await getTrace({ ctx, traceId: result.replayTraceId });
    expect(replay.feature).toBe(REPLAY_FEATURE);
    const calls = replay.spans.filter((s) => s.kind === "llm");
    expect(calls).toHaveLength(2);
    expect(replay.spans).toHaveLength(3);
    for (const s of replay.spans)
      expect(s.attributes).toMatchObject({
        "observatory.replay": "true",
        "observatory.replay.trace_id": original,
        "observatory.replay.span_id": ids.ask,
        "observatory.replay.feature": "weather",
      });
    expect(calls[1]!.input).toContain("Sunny, 21 °C");
    expect(calls[0]!.parentSpanId).toBe(replay.spans.find((s) => s.kind !== "llm")!.spanId);
    expect(replay.costUsd).toBeCloseTo(result.costUsd!, 12);
  });

  it("re-runs a step whose recorded input holds the tool result, as it was", async () => {
    const step = await prepareRerun({ ctx, traceId: original, spanId: ids.answer });
    expect(step.messages.at(-1)).toMatchObject({ role: "assistant", tool_calls: [{ id: "call_rec" }] });
    const messages = [...step.messages, { role: "tool" as const, tool_call_id: "call_rec", content: "Sunny, 21 °C" }];
    const result = await rerunStep({
      ctx,
      traceId: original,
      spanId: ids.answer,
      input: rerunInput.parse({ model: "gpt-4o-mini", messages }),
    });
    expect(result).toMatchObject({ answer: REPLY.toolResult, calls: 1, recorded: { answer: "It rains." } });
    expect(result.costUsd).toBeCloseTo((USAGE.tool_result.input * 0.15 + USAGE.tool_result.output * 0.6) / 1e6, 12);
    await waitApplied();
    const replay = await getTrace({ ctx, traceId: result.replayTraceId });
    expect(replay.spans.map((s) => [s.kind, s.parentSpanId, s.model])).toEqual([["llm", null, "gpt-4o-mini"]]);
    expect(replay.costUsd).toBeCloseTo(result.costUsd!, 12);
  });

  it("refuses a model the project does not allow, a step that is not an LLM call, and roles without the right", async () => {
    const input = rerunInput.parse({ model: "gpt-5", messages: [{ role: "user", content: "hi" }] });
    await expect(rerunStep({ ctx, traceId: original, spanId: ids.ask, input })).rejects.toMatchObject({
      code: "bad_request",
      field: "model",
    });
    await expect(prepareRerun({ ctx, traceId: original, spanId: ids.tool })).rejects.toMatchObject({
      code: "bad_request",
      field: "spanId",
    });
    await expect(prepareRerun({ ctx, traceId: original, spanId: spanId() })).rejects.toMatchObject({
      code: "not_found",
    });
    for (const role of ["viewer", "finance"] as const)
      await expect(
        rerunStep({ ctx: { ...ctx, role }, traceId: original, spanId: ids.ask, input }),
      ).rejects.toMatchObject({ code: "forbidden" });
    expect(rerunInput.safeParse({ model: "gpt-4o", messages: [] }).error?.issues[0]).toMatchObject({
      path: ["messages"],
    });
  });
});
