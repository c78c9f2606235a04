import { describe, expect, it } from "vitest";
import { decodeJson } from "../otlp/decode-json";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { normalizeSpan } from "./normalize-span";
import { DEFAULT_PAYLOAD_CAP_BYTES, type ProjectIngestSettings } from "@/lib/domain/ingest-settings";
import { type SpanRow } from "@/lib/domain/span/span-row";

const settings: ProjectIngestSettings = { tenantKeys: [], featureKeys: [], payloadCapBytes: DEFAULT_PAYLOAD_CAP_BYTES };
const START = Date.UTC(2026, 10, 1, 12, 0, 0);

function normalize(partial: Partial<JsonSpan>, resource?: Record<string, string>, cfg = settings): SpanRow {
  const [decoded] = decodeJson(
    JSON.stringify(
      otlpJson(
        [{ traceId: traceId(), spanId: spanId(), name: "span", startMs: START, durationMs: 1500, ...partial }],
        resource,
      ),
    ),
  );
  const result = normalizeSpan("p1", decoded!, cfg);
  if (!result.ok) throw new Error(result.reason);
  return result.row;
}

describe("normalization per convention", () => {
  it("OpenTelemetry GenAI, current names", () => {
    const row = normalize({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.response.model": "gpt-4o-2024-08-06",
        "gen_ai.provider.name": "openai",
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.output_tokens": 300,
        "gen_ai.usage.cache_read.input_tokens": 1000,
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.input.messages": '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
        "gen_ai.server.time_to_first_token": 0.25,
        "tenant.id": "acme",
        "feature.name": "search",
      },
    });
    expect(row).toMatchObject({
      kind: "llm",
      model: "gpt-4o",
      response_model: "gpt-4o-2024-08-06",
      provider: "openai",
      operation: "chat",
      input_tokens: 1200,
      output_tokens: 300,
      cached_input_tokens: 1000,
      finish_reason: "stop",
      time_to_first_token_ms: 250,
      tenant: "acme",
      feature: "search",
      duration_ms: 1500,
      status: "unset",
    });
    expect(row.input).toContain('"role":"user"');
  });

  it("OpenTelemetry GenAI, older names (prompt_tokens, gen_ai.system, gen_ai.prompt.N.*)", () => {
    const row = normalize({
      attributes: {
        "gen_ai.system": "anthropic",
        "gen_ai.request.model": "claude-3-5-sonnet",
        "gen_ai.usage.prompt_tokens": 50,
        "gen_ai.usage.completion_tokens": 7,
        "gen_ai.prompt.0.role": "system",
        "gen_ai.prompt.0.content": "be brief",
        "gen_ai.prompt.1.role": "user",
        "gen_ai.prompt.1.content": "2+2?",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "4",
        "gen_ai.completion.0.finish_reason": "end_turn",
      },
    });
    expect(row).toMatchObject({
      kind: "llm",
      provider: "anthropic",
      model: "claude-3-5-sonnet",
      input_tokens: 50,
      output_tokens: 7,
      finish_reason: "end_turn",
    });
    expect(JSON.parse(row.input)).toEqual([
      { role: "system", content: "be brief" },
      { role: "user", content: "2+2?" },
    ]);
    expect(JSON.parse(row.output)).toEqual([{ role: "assistant", content: "4" }]);
  });

  it("OpenInference LLM, retriever and tool spans, with metadata attribution", () => {
    const llm = normalize({
      attributes: {
        "openinference.span.kind": "LLM",
        "llm.model_name": "gpt-4o-mini",
        "llm.provider": "openai",
        "llm.token_count.prompt": 80,
        "llm.token_count.completion": 20,
        "llm.token_count.prompt_details.cache_read": 64,
        "llm.token_count.completion_details.reasoning": 5,
        "llm.input_messages.0.message.role": "user",
        "llm.input_messages.0.message.content": "find docs",
        "llm.output_messages.0.message.role": "assistant",
        "llm.output_messages.0.message.content": "here",
        "llm.prompt_template.version": "v3",
        metadata: '{"tenant_id":"globex","feature_name":"support-bot"}',
      },
    });
    expect(llm).toMatchObject({
      kind: "llm",
      model: "gpt-4o-mini",
      input_tokens: 80,
      output_tokens: 20,
      cached_input_tokens: 64,
      reasoning_tokens: 5,
      prompt_version: "v3",
      tenant: "globex",
      feature: "support-bot",
    });
    expect(JSON.parse(llm.output)).toEqual([{ role: "assistant", content: "here" }]);

    const retriever = normalize({
      attributes: {
        "openinference.span.kind": "RETRIEVER",
        "input.value": "refund policy",
        "retrieval.documents.0.document.id": "doc-7",
        "retrieval.documents.0.document.score": 0.82,
        "retrieval.documents.0.document.content": "Refunds within 30 days",
        "retrieval.documents.1.document.id": "doc-2",
        "retrieval.documents.1.document.score": 0.4,
        "retrieval.documents.1.document.content": "Shipping",
      },
    });
    expect(retriever.kind).toBe("retrieval");
    expect(JSON.parse(retriever.documents)).toEqual([
      { id: "doc-7", score: 0.82, content: "Refunds within 30 days" },
      { id: "doc-2", score: 0.4, content: "Shipping" },
    ]);
    expect(retriever.input).toBe("refund policy");

    const tool = normalize({
      attributes: {
        "openinference.span.kind": "TOOL",
        "tool.name": "lookup_order",
        "input.value": '{"id":42}',
        "output.value": "shipped",
      },
    });
    expect(tool).toMatchObject({ kind: "tool", tool_name: "lookup_order", tool_result: "shipped" });
  });

  it("OpenLLMetry: span kinds, llm.usage.*, prompt registry and association properties", () => {
    const llm = normalize({
      attributes: {
        "llm.request.type": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o",
        "llm.usage.prompt_tokens": 10,
        "llm.usage.completion_tokens": 4,
        "traceloop.prompt.key": "answer",
        "traceloop.prompt.version": "7",
        "traceloop.association.properties.tenant_id": "initech",
        "traceloop.association.properties.feature_name": "summarize",
      },
    });
    expect(llm).toMatchObject({
      kind: "llm",
      input_tokens: 10,
      output_tokens: 4,
      prompt_name: "answer",
      prompt_version: "7",
      tenant: "initech",
      feature: "summarize",
    });
    const tool = normalize({
      attributes: {
        "traceloop.span.kind": "tool",
        "traceloop.entity.name": "web_search",
        "traceloop.entity.input": '{"q":"x"}',
        "traceloop.entity.output": "[]",
      },
    });
    expect(tool).toMatchObject({
      kind: "tool",
      tool_name: "web_search",
      tool_arguments: '{"q":"x"}',
      tool_result: "[]",
    });
    expect(normalize({ attributes: { "traceloop.span.kind": "workflow" } }).kind).toBe("chain");
  });

  it("Vercel AI SDK: doGenerate is the LLM call; the outer span keeps its own usage (the writer counts it once)", () => {
    const inner = normalize({
      attributes: {
        "ai.operationId": "ai.generateText.doGenerate",
        "ai.model.id": "gpt-4o",
        "ai.model.provider": "openai.chat",
        "ai.usage.promptTokens": 30,
        "ai.usage.completionTokens": 12,
        "ai.response.finishReason": "stop",
        "ai.response.text": "hello",
        "ai.response.msToFirstChunk": 180,
        "ai.telemetry.metadata.tenantId": "umbrella",
        "ai.telemetry.metadata.featureName": "chat",
      },
    });
    expect(inner).toMatchObject({
      kind: "llm",
      model: "gpt-4o",
      provider: "openai.chat",
      input_tokens: 30,
      output_tokens: 12,
      output: "hello",
      time_to_first_token_ms: 180,
      tenant: "umbrella",
      feature: "chat",
    });
    const outer = normalize({
      attributes: {
        "ai.operationId": "ai.generateText",
        "ai.model.id": "gpt-4o",
        "ai.usage.promptTokens": 30,
        "ai.usage.completionTokens": 12,
      },
    });
    expect(outer).toMatchObject({ kind: "chain", input_tokens: 30, output_tokens: 12 });
    expect(outer.attributes["ai.usage.promptTokens"]).toBe("30");
    const tool = normalize({
      attributes: {
        "ai.operationId": "ai.toolCall",
        "ai.toolCall.name": "weather",
        "ai.toolCall.id": "call_1",
        "ai.toolCall.args": '{"city":"Oslo"}',
        "ai.toolCall.result": '{"t":3}',
      },
    });
    expect(tool).toMatchObject({
      kind: "tool",
      tool_name: "weather",
      tool_call_id: "call_1",
      tool_arguments: '{"city":"Oslo"}',
      tool_result: '{"t":3}',
    });
  });

  it("GPU: GPU-seconds are duration × count, on a served model call (an LLM step) or on GPU work", () => {
    const row = normalize({
      durationMs: 2000,
      attributes: {
        "gpu.type": "H100",
        "gpu.count": 4,
        "gpu.utilization": 0.71,
        "gen_ai.request.model": "llama-3.1-70b",
        "gen_ai.usage.output_tokens": 500,
      },
    });
    expect(row).toMatchObject({
      kind: "llm",
      gpu_type: "H100",
      gpu_count: 4,
      gpu_utilization: 0.71,
      gpu_seconds: 8,
      model: "llama-3.1-70b",
      output_tokens: 500,
    });
    const work = normalize({
      durationMs: 3000,
      attributes: { "gpu.type": "A100", "gpu.count": 2, "gen_ai.request.model": "llama-3.1-70b" },
    });
    expect(work).toMatchObject({ kind: "gpu", gpu_type: "A100", gpu_count: 2, gpu_seconds: 6 });
  });

  it("errors and exception events, status messages", () => {
    const row = normalize({
      status: { code: 2 },
      events: [
        {
          name: "exception",
          attributes: { "exception.type": "TimeoutError", "exception.message": "tool timed out after 30s" },
        },
      ],
      attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "crm_lookup" },
    });
    expect(row).toMatchObject({
      kind: "tool",
      status: "error",
      status_message: "tool timed out after 30s",
      exception_type: "TimeoutError",
      tool_name: "crm_lookup",
    });
    expect(JSON.parse(row.events)[0].name).toBe("exception");
  });

  it("attribution: resource fallback and per-project keys", () => {
    expect(normalize({ attributes: {} }, { "service.name": "svc", "tenant.id": "from-resource" }).tenant).toBe(
      "from-resource",
    );
    const custom = normalize({ attributes: { "app.customer": "wayne", "tenant.id": "ignored-default" } }, undefined, {
      ...settings,
      tenantKeys: ["app.customer"] as string[],
    });
    expect(custom.tenant).toBe("wayne");
  });

  it("caps payloads per field and flags truncation, keeping every original attribute", () => {
    const big = "x".repeat(5000);
    const row = normalize(
      { attributes: { "input.value": big, "openinference.span.kind": "CHAIN", "custom.flag": true } },
      undefined,
      { ...settings, payloadCapBytes: 1024 },
    );
    expect(row.input.length).toBe(1024);
    expect(row.payload_truncated).toBe(1);
    expect(row.attributes["custom.flag"]).toBe("true");
    expect(normalize({ attributes: { "input.value": "small" } }).payload_truncated).toBe(0);
  });

  it("refuses spans with bad ids or an end before the start", () => {
    const [bad] = decodeJson(
      JSON.stringify(otlpJson([{ traceId: "xyz", spanId: spanId(), name: "bad", startMs: START, durationMs: 1 }])),
    );
    expect(normalizeSpan("p", bad!, settings)).toEqual({ ok: false, reason: 'span "bad": invalid trace id' });
    const [backwards] = decodeJson(
      JSON.stringify(
        otlpJson([{ traceId: traceId(), spanId: spanId(), name: "back", startMs: START, durationMs: -5 }]),
      ),
    );
    expect(normalizeSpan("p", backwards!, settings)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("end time before start"),
    });
  });
});
