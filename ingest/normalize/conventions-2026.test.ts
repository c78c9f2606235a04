import { describe, expect, it } from "vitest";
import { ruleScores } from "../scores/rule-scores";
import { normalizeOne as normalize } from "@/ingest/testing/test-normalize";

// What instrumentations send in 2026, trimmed from what the real libraries emitted: Vercel AI
// SDK 7 with @ai-sdk/otel, openlit, the GenAI retrieval shapes of examples/otel-sdk.mjs.

const SYSTEM = '[{"type":"text","content":"You are a terse assistant."}]';

describe("2026 conventions", () => {
  it("Vercel AI SDK 7: tenant, feature and session from ai.settings.context.*", () => {
    const row = normalize({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": 11,
        "gen_ai.usage.output_tokens": 7,
        "ai.settings.context.tenantId": "t-vercel",
        "ai.settings.context.featureName": "f-vercel",
        "ai.settings.context.sessionId": "s-1",
      },
    });
    expect(row).toMatchObject({ kind: "llm", tenant: "t-vercel", feature: "f-vercel" });
    expect(row.attributes["ai.settings.context.sessionId"]).toBe("s-1");
    const variants = normalize({
      attributes: {
        "ai.operationId": "ai.streamText.doStream",
        "ai.model.id": "gpt-4o",
        "ai.settings.context.tenant_id": "acme",
        "ai.settings.context.feature": "chat",
      },
    });
    expect(variants).toMatchObject({ tenant: "acme", feature: "chat" });
  });

  it("gen_ai.system_instructions lead the input as a system message, once", () => {
    const row = normalize({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": 11,
        "gen_ai.system_instructions": SYSTEM,
        "gen_ai.input.messages":
          '[{"role":"user","parts":[{"type":"text","content":"What is the capital of France?"}]}]',
      },
    });
    expect(JSON.parse(row.input)).toEqual([
      { role: "system", parts: [{ type: "text", content: "You are a terse assistant." }] },
      { role: "user", parts: [{ type: "text", content: "What is the capital of France?" }] },
    ]);
    // openlit sends the system message in the input as well: not repeated.
    const openlit = normalize({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.system_instructions": SYSTEM,
        "gen_ai.input.messages":
          '[{"role":"system","parts":[{"type":"text","content":"You are a terse assistant."}]},{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
      },
    });
    expect(JSON.parse(openlit.input)).toHaveLength(2);
    // A plain string, and instructions with no input messages at all.
    const plain = normalize({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "m",
        "gen_ai.system_instructions": "Be brief.",
      },
    });
    expect(JSON.parse(plain.input)).toEqual([{ role: "system", parts: [{ type: "text", content: "Be brief." }] }]);
  });

  it("time to first chunk is TTFT and time per output chunk is TPOT (seconds → ms)", () => {
    const row = normalize({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.output_tokens": 50,
        "gen_ai.client.operation.time_to_first_chunk": 0.42,
        "gen_ai.client.operation.time_per_output_chunk": 0.015,
      },
    });
    expect(row.time_to_first_token_ms).toBeCloseTo(420, 10);
    expect(row.time_per_output_token_ms).toBeCloseTo(15, 10);
    const server = normalize({
      attributes: {
        "gen_ai.request.model": "llama",
        "gen_ai.usage.output_tokens": 5,
        "gen_ai.server.time_to_first_token": 0.1,
        "gen_ai.server.time_per_output_token": 0.02,
      },
    });
    expect(server).toMatchObject({ time_to_first_token_ms: 100, time_per_output_token_ms: 20 });
    expect(
      normalize({ attributes: { "gen_ai.request.model": "m", "gen_ai.usage.output_tokens": 5 } })
        .time_per_output_token_ms,
    ).toBeNull();
  });

  it("a reported cost of 0 for usage with tokens is not a price; the attribute keeps it", () => {
    const openlit = normalize({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": 11,
        "gen_ai.usage.output_tokens": 7,
        "gen_ai.usage.cost": 0,
      },
    });
    expect(openlit.reported_cost_usd).toBeNull();
    expect(openlit.attributes["gen_ai.usage.cost"]).toBe("0");
    const paid = normalize({
      attributes: {
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": 11,
        "gen_ai.usage.cost": 0.002,
      },
    });
    expect(paid.reported_cost_usd).toBe(0.002);
    // No tokens: a 0 is the truth (a cached or free call), kept.
    expect(
      normalize({
        attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "t", "gen_ai.usage.cost": 0 },
      }).reported_cost_usd,
    ).toBe(0);
  });

  it("retrieval documents: the example's GenAI span with retrieval.documents.N.*, and gen_ai.retrieval.documents", () => {
    const example = normalize({
      attributes: {
        "gen_ai.operation.name": "retrieval",
        "retrieval.documents.0.document.id": "kb-12",
        "retrieval.documents.0.document.score": 0.83,
        "retrieval.documents.0.document.content": "Refunds within 30 days.",
      },
    });
    expect(example.kind).toBe("retrieval");
    expect(JSON.parse(example.documents)).toEqual([{ id: "kb-12", score: 0.83, content: "Refunds within 30 days." }]);
    expect(ruleScores(example, { retrievalLowScore: 0.5 })).toContainEqual({
      name: "retrieval_empty",
      value: 0,
      comment: "",
    });

    const genai = normalize({
      attributes: {
        "gen_ai.operation.name": "retrieval",
        "gen_ai.data_source.id": "kb",
        "gen_ai.retrieval.query.text": "refund policy",
        "gen_ai.retrieval.documents":
          '[{"id":"doc_123","score":0.95,"content":"Refunds within 30 days."},{"id":"doc_7","score":"0.4"}]',
      },
    });
    expect(genai).toMatchObject({ kind: "retrieval", input: "refund policy" });
    expect(JSON.parse(genai.documents)).toEqual([
      { id: "doc_123", score: 0.95, content: "Refunds within 30 days." },
      { id: "doc_7", score: 0.4, content: "" },
    ]);
  });
});
