import { describe, expect, it } from "vitest";
import { estimateTokens, MAX_COUNTED_CHARS } from "./estimate-tokens";
import { normalizeOne as normalize } from "@/ingest/testing/test-normalize";

// OpenInference's OpenAI instrumentation on a stream, as the real library sent it: messages, no counts.
const STREAM = {
  "openinference.span.kind": "LLM",
  "llm.model_name": "gpt-4o-mini",
  "llm.system": "openai",
  "llm.invocation_parameters": '{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true}}',
  "llm.input_messages.0.message.role": "user",
  "llm.input_messages.0.message.content": "Describe the colour blue in three words.",
  "llm.output_messages.0.message.role": "assistant",
  "llm.output_messages.0.message.content": "Blue is calm.",
  "output.value": "Blue is calm.",
  "llm.finish_reason": "stop",
};

describe("tokens a library leaves out", () => {
  it("counts an LLM span's messages when it reports no tokens, and marks them estimated", () => {
    const row = normalize({ attributes: STREAM });
    expect(row).toMatchObject({ kind: "llm", usage_estimated: 1 });
    // The server counted 13 in (with its chat framing) and 5 out; the estimate is close, not exact.
    expect(row.input_tokens).toBeGreaterThanOrEqual(8);
    expect(row.input_tokens).toBeLessThanOrEqual(16);
    expect(row.output_tokens).toBeGreaterThanOrEqual(3);
    expect(row.output_tokens).toBeLessThanOrEqual(6);
  });

  it("never overrides reported counts, and leaves failed calls and spans without a model or content alone", () => {
    const reported = normalize({
      attributes: { ...STREAM, "llm.token_count.prompt": 13, "llm.token_count.completion": 5 },
    });
    expect(reported).toMatchObject({ input_tokens: 13, output_tokens: 5, usage_estimated: 0 });
    expect(
      normalize({ attributes: { "openinference.span.kind": "LLM", "llm.input_messages.0.message.content": "hi" } }),
    ).toMatchObject({ input_tokens: 0, usage_estimated: 0 });
    expect(
      normalize({
        attributes: { "openinference.span.kind": "CHAIN", "llm.model_name": "gpt-4o", "input.value": "question" },
      }),
    ).toMatchObject({ kind: "chain", usage_estimated: 0 });
    // A failed call (the model refused with a 400) was not billed.
    expect(
      normalize({
        status: { code: 2, message: "400 The model `fail-model` does not exist" },
        attributes: { ...STREAM, "llm.model_name": "fail-model" },
      }),
    ).toMatchObject({ input_tokens: 0, usage_estimated: 0 });
  });

  it("counts an embedding's input only", () => {
    const row = normalize({
      attributes: {
        "openinference.span.kind": "EMBEDDING",
        "embedding.model_name": "text-embedding-3-small",
        "input.value": '["refund policy","shipping times"]',
      },
    });
    expect(row).toMatchObject({ kind: "embedding", usage_estimated: 1, output_tokens: 0 });
    expect(row.input_tokens).toBeGreaterThanOrEqual(4);
    expect(row.input_tokens).toBeLessThanOrEqual(6);
  });

  it("counts content, not JSON structure; a huge payload is sampled and scaled", () => {
    const text = "The refund policy allows returns within thirty days of delivery. ";
    const asMessages = estimateTokens(
      "gpt-4o",
      JSON.stringify([{ role: "user", parts: [{ type: "text", content: text }] }]),
      undefined,
    );
    const asText = estimateTokens("gpt-4o", text, undefined);
    expect(asMessages.inputTokens).toBe(asText.inputTokens + 4); // one message's framing
    const long = text.repeat(Math.ceil((MAX_COUNTED_CHARS * 10) / text.length));
    const exact = Math.round(
      (estimateTokens("gpt-4o", text.repeat(20), undefined).inputTokens * long.length) / (text.length * 20),
    );
    const sampled = estimateTokens("gpt-4o", long, undefined).inputTokens;
    expect(Math.abs(sampled - exact) / exact).toBeLessThan(0.02);
  });

  it("o200k_base for the models that use it, cl100k_base for the rest", () => {
    // A word both encodings split differently: counts differ by encoding, not by model name alone.
    const sample = "Ünïcödé façade naïve coöperation — 東京 서울";
    const o200k = estimateTokens("gpt-4o-mini", sample, undefined).inputTokens;
    expect(estimateTokens("o3-mini", sample, undefined).inputTokens).toBe(o200k);
    expect(estimateTokens("openai/gpt-4.1", sample, undefined).inputTokens).toBe(o200k);
    expect(estimateTokens("claude-3-5-sonnet", sample, undefined).inputTokens).toBe(
      estimateTokens("gpt-4", sample, undefined).inputTokens,
    );
    expect(estimateTokens("gpt-4", sample, undefined).inputTokens).not.toBe(o200k);
  });
});
