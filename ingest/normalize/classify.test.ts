import { describe, expect, it } from "vitest";
import { normalizeOne as normalize } from "@/ingest/testing/test-normalize";

// The one classification rule: a model and (token usage or messages) make a model call,
// whatever else the span carries; agents, wrappers of model calls and retrievals keep their kind.

describe("one classification rule", () => {
  it("an OpenLLMetry task that is a chat call, with model and tokens, is an LLM step", () => {
    const row = normalize({
      attributes: {
        "traceloop.span.kind": "task",
        "traceloop.entity.name": "answer",
        "llm.request.type": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 40,
        "gen_ai.usage.output_tokens": 9,
      },
    });
    expect(row).toMatchObject({ kind: "llm", model: "gpt-4o", input_tokens: 40, output_tokens: 9 });
    // A task with a model and tokens but no request type: still a model call.
    expect(
      normalize({
        attributes: { "traceloop.span.kind": "task", "llm.request.model": "gpt-4o", "llm.usage.prompt_tokens": 5 },
      }).kind,
    ).toBe("llm");
    // A workflow with no model call stays a chain.
    expect(normalize({ attributes: { "traceloop.span.kind": "workflow", "traceloop.entity.name": "flow" } }).kind).toBe(
      "chain",
    );
  });

  it("a served model call with GPU attributes is an LLM step that shows and is priced by its GPU", () => {
    const row = normalize({
      durationMs: 2400,
      attributes: {
        "gen_ai.operation.name": "text_completion",
        "gen_ai.request.model": "llama-3.1-70b-instruct",
        "gen_ai.usage.input_tokens": 3100,
        "gen_ai.usage.output_tokens": 410,
        "gpu.type": "H100",
        "gpu.count": 4,
        "gpu.utilization": 0.78,
      },
    });
    expect(row).toMatchObject({
      kind: "llm",
      input_tokens: 3100,
      output_tokens: 410,
      gpu_type: "H100",
      gpu_count: 4,
      gpu_utilization: 0.78,
    });
    expect(row.gpu_seconds).toBeCloseTo(9.6, 10);
    // Model and messages, no tokens: a model call too (its tokens are then estimated).
    const messages = normalize({
      attributes: {
        "gpu.type": "L4",
        "gen_ai.request.model": "mistral-7b",
        "gen_ai.input.messages": '[{"role":"user","content":"hi"}]',
      },
    });
    expect(messages).toMatchObject({ kind: "llm", gpu_type: "L4", gpu_count: 1, usage_estimated: 1 });
  });

  it("gpu is GPU work with no model call", () => {
    expect(normalize({ attributes: { "gpu.type": "H100", "gpu.count": 8, "job.name": "fine-tune" } })).toMatchObject({
      kind: "gpu",
      gpu_count: 8,
      gpu_seconds: 12,
    });
    // A model name alone (no usage, no messages) is not a model call.
    expect(normalize({ attributes: { "gpu.type": "H100", "gen_ai.request.model": "llama" } }).kind).toBe("gpu");
  });

  it("embeddings stay embeddings; an unknown kind with a model call becomes one by its operation", () => {
    expect(
      normalize({
        attributes: {
          "gen_ai.operation.name": "embeddings",
          "gen_ai.request.model": "text-embedding-3-small",
          "gen_ai.usage.input_tokens": 8,
        },
      }).kind,
    ).toBe("embedding");
    expect(
      normalize({
        attributes: {
          "gpu.type": "A10",
          "gen_ai.operation.name": "embed_batch",
          "gen_ai.request.model": "bge-large",
          "gen_ai.usage.input_tokens": 500,
        },
      }),
    ).toMatchObject({ kind: "embedding", gpu_type: "A10" });
  });

  it("a tool or custom span that carries a model call is an LLM step", () => {
    const tool = normalize({
      attributes: {
        "traceloop.span.kind": "tool",
        "traceloop.entity.name": "summarize",
        "llm.request.model": "gpt-4o-mini",
        "llm.usage.prompt_tokens": 120,
        "llm.usage.completion_tokens": 30,
      },
    });
    expect(tool.kind).toBe("llm");
    expect(
      normalize({
        attributes: {
          "openinference.span.kind": "GUARDRAIL",
          "llm.model_name": "gpt-4o-mini",
          "llm.token_count.prompt": 10,
        },
      }).kind,
    ).toBe("llm");
  });

  it("agents, wrappers of model calls and retrievals keep their kind (their usage repeats their children's)", () => {
    const agent = normalize({
      attributes: {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 60,
        "gen_ai.usage.output_tokens": 20,
      },
    });
    expect(agent).toMatchObject({ kind: "agent", input_tokens: 60 });
    expect(normalize({ attributes: { "gen_ai.operation.name": "agent_step" } }).kind).toBe("chain");
    const chain = normalize({
      attributes: {
        "openinference.span.kind": "CHAIN",
        "llm.model_name": "gpt-4o",
        "llm.token_count.prompt": 60,
        "input.value": "q",
      },
    });
    expect(chain.kind).toBe("chain");
    expect(
      normalize({
        attributes: { "openinference.span.kind": "AGENT", "llm.model_name": "gpt-4o", "llm.token_count.prompt": 60 },
      }).kind,
    ).toBe("agent");
    const vercel = normalize({
      attributes: {
        "ai.operationId": "ai.generateText",
        "ai.model.id": "gpt-4o",
        "ai.usage.promptTokens": 30,
        "ai.prompt.messages": '[{"role":"user","content":"x"}]',
      },
    });
    expect(vercel.kind).toBe("chain");
    const retriever = normalize({
      attributes: {
        "openinference.span.kind": "RETRIEVER",
        "embedding.model_name": "text-embedding-3-small",
        "llm.token_count.prompt": 4,
        "retrieval.documents.0.document.id": "d1",
      },
    });
    expect(retriever.kind).toBe("retrieval");
  });
});
