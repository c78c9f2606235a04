import type { Attributes } from "../otlp/types";
import {
  firstNumber,
  firstString,
  indexed,
  messagesJson,
  stringOf,
  type Convention,
  type Extracted,
  type Message,
} from "./attributes";
import { documentsFromJson } from "./documents";
import { systemMessage } from "./system-instructions";

// OpenTelemetry GenAI semantic conventions, current names first, then the older ones
// (gen_ai.system, usage.prompt_tokens/completion_tokens, gen_ai.prompt.N.* / completion.N.*).
// Timings are in seconds: server-side TTFT / TPOT, or the client's time to first chunk and
// time per output chunk (Vercel AI SDK 7's @ai-sdk/otel puts those on the span).

// An agent or a retrieval stays one whatever model and usage it also carries (classify.ts).
const FINAL_KINDS = new Set(["agent", "chain", "retrieval"]);

const KIND_BY_OPERATION: Record<string, Extracted["kind"]> = {
  chat: "llm",
  text_completion: "llm",
  generate_content: "llm",
  completion: "llm",
  embeddings: "embedding",
  embedding: "embedding",
  execute_tool: "tool",
  invoke_agent: "agent",
  // Vercel AI SDK 7: one step of an agent's loop, around its chat and tool calls.
  agent_step: "chain",
  create_agent: "agent",
  retrieval: "retrieval",
};

function legacyMessages(a: Attributes, prefix: string): Message[] {
  return indexed(a, prefix)
    .filter((m) => m.role !== undefined || m.content !== undefined)
    .map((m) => ({ role: stringOf(m.role) ?? "", content: stringOf(m.content) ?? "" }));
}

export const genai: Convention = {
  name: "gen_ai",
  namespaces: ["gen_ai", "prompt"],
  extract(a) {
    const operation = firstString(a, ["gen_ai.operation.name"]);
    const kind = operation ? KIND_BY_OPERATION[operation] : undefined;
    const finish = a["gen_ai.response.finish_reasons"];
    const ttftSeconds = firstNumber(a, [
      "gen_ai.server.time_to_first_token",
      "gen_ai.response.time_to_first_token",
      "gen_ai.client.operation.time_to_first_chunk",
    ]);
    const tpotSeconds = firstNumber(a, [
      "gen_ai.server.time_per_output_token",
      "gen_ai.client.operation.time_per_output_chunk",
    ]);
    const input = firstString(a, ["gen_ai.input.messages"]) ?? messagesJson(legacyMessages(a, "gen_ai.prompt."));
    const output = firstString(a, ["gen_ai.output.messages"]) ?? messagesJson(legacyMessages(a, "gen_ai.completion."));
    const systemInstructions = systemMessage(a["gen_ai.system_instructions"]);
    return {
      kind,
      kindIsFinal: kind !== undefined && FINAL_KINDS.has(kind) ? true : undefined,
      operation,
      model: firstString(a, ["gen_ai.request.model"]),
      responseModel: firstString(a, ["gen_ai.response.model"]),
      provider: firstString(a, ["gen_ai.provider.name", "gen_ai.system"]),
      inputTokens: firstNumber(a, ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"]),
      outputTokens: firstNumber(a, ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"]),
      cachedInputTokens: firstNumber(a, [
        "gen_ai.usage.cache_read.input_tokens",
        "gen_ai.usage.cache_read_input_tokens",
        "gen_ai.usage.cached_tokens",
      ]),
      reasoningTokens: firstNumber(a, ["gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens"]),
      reportedCostUsd: firstNumber(a, ["gen_ai.usage.cost", "gen_ai.usage.cost_usd"]),
      finishReason: Array.isArray(finish)
        ? stringOf(finish[0])
        : (stringOf(finish) ?? firstString(a, ["gen_ai.completion.0.finish_reason"])),
      promptName: firstString(a, ["gen_ai.prompt.name", "prompt.name"]),
      promptVersion: firstString(a, ["gen_ai.prompt.version", "prompt.version"]),
      timeToFirstTokenMs: ttftSeconds !== undefined ? ttftSeconds * 1000 : undefined,
      timePerOutputTokenMs: tpotSeconds !== undefined ? tpotSeconds * 1000 : undefined,
      toolName: firstString(a, ["gen_ai.tool.name"]),
      toolCallId: firstString(a, ["gen_ai.tool.call.id"]),
      toolArguments: firstString(a, ["gen_ai.tool.call.arguments"]),
      toolResult: firstString(a, ["gen_ai.tool.call.result"]),
      documents: documentsFromJson(a["gen_ai.retrieval.documents"]),
      input: input ?? (kind === "retrieval" ? firstString(a, ["gen_ai.retrieval.query.text"]) : undefined),
      output,
      messages: input !== undefined || output !== undefined || systemInstructions !== undefined ? true : undefined,
      systemInstructions,
    };
  },
};
