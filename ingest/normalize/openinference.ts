import type { Attributes } from "../otlp/types";
import {
  firstNumber,
  firstString,
  indexed,
  messagesJson,
  parseJson,
  stringOf,
  type Convention,
  type Extracted,
  type Message,
  type RetrievedDocument,
} from "./attributes";

// OpenInference (Arize Phoenix): openinference.span.kind, llm.*, llm.input_messages.N.message.*,
// retrieval.documents.N.document.*, tool.*, input.value / output.value, metadata (JSON).

const KIND: Record<string, Extracted["kind"]> = {
  LLM: "llm",
  EMBEDDING: "embedding",
  RETRIEVER: "retrieval",
  RERANKER: "retrieval",
  TOOL: "tool",
  AGENT: "agent",
  CHAIN: "chain",
  GUARDRAIL: "other",
  EVALUATOR: "other",
};

// Agents, chains (LangChain parents) and retrievers stay so whatever model and usage they carry.
const FINAL_KINDS = new Set(["agent", "chain", "retrieval"]);

function messages(a: Attributes, prefix: string): Message[] {
  return indexed(a, prefix).map((m) => {
    const toolCalls = Object.keys(m).some((k) => k.startsWith("message.tool_calls."));
    const message: Message = { role: stringOf(m["message.role"]) ?? "", content: stringOf(m["message.content"]) ?? "" };
    if (toolCalls) {
      message.tool_calls = indexed(m, "message.tool_calls.").map((c) => ({
        id: stringOf(c["tool_call.id"]),
        name: stringOf(c["tool_call.function.name"]),
        arguments: stringOf(c["tool_call.function.arguments"]),
      }));
    }
    return message;
  });
}

function documents(a: Attributes): RetrievedDocument[] {
  const prefix = a["openinference.span.kind"] === "RERANKER" ? "reranker.output_documents." : "retrieval.documents.";
  return indexed(a, prefix).map((d, i) => ({
    id: stringOf(d["document.id"]) ?? String(i),
    score: typeof d["document.score"] === "number" ? d["document.score"] : null,
    content: stringOf(d["document.content"]) ?? "",
  }));
}

function metadataValue(a: Attributes, keys: string[]): string | undefined {
  const metadata = parseJson(a.metadata);
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) return undefined;
  for (const key of keys) {
    const value = stringOf(metadata[key]);
    if (value) return value;
  }
  return undefined;
}

export const openinference: Convention = {
  name: "openinference",
  namespaces: [
    "openinference",
    "llm",
    "embedding",
    "tool",
    "tool_call",
    "input",
    "output",
    "retrieval",
    "reranker",
    "metadata",
  ],
  extract(a) {
    const spanKind = stringOf(a["openinference.span.kind"])?.toUpperCase();
    const kind = spanKind ? KIND[spanKind] : undefined;
    // Without a span kind, OpenInference-style documents still make a retrieval (the GenAI
    // example sends gen_ai.operation.name=retrieval with retrieval.documents.N.document.*).
    const docs = kind === "retrieval" || !spanKind ? documents(a) : [];
    const inputMessages = messages(a, "llm.input_messages.");
    const outputMessages = messages(a, "llm.output_messages.");
    return {
      kind,
      kindIsFinal: kind !== undefined && FINAL_KINDS.has(kind) ? true : undefined,
      messages: inputMessages.length || outputMessages.length ? true : undefined,
      model: firstString(a, ["llm.model_name", "embedding.model_name"]),
      provider: firstString(a, ["llm.provider", "llm.system"]),
      inputTokens: firstNumber(a, ["llm.token_count.prompt"]),
      outputTokens: firstNumber(a, ["llm.token_count.completion"]),
      cachedInputTokens: firstNumber(a, ["llm.token_count.prompt_details.cache_read"]),
      reasoningTokens: firstNumber(a, ["llm.token_count.completion_details.reasoning"]),
      reportedCostUsd: firstNumber(a, ["llm.cost.total"]),
      promptName: firstString(a, ["llm.prompt_template.name"]),
      promptVersion: firstString(a, ["llm.prompt_template.version"]),
      toolName: firstString(a, ["tool.name"]),
      toolCallId: firstString(a, ["tool_call.id"]),
      toolArguments: kind === "tool" ? firstString(a, ["tool.parameters", "input.value"]) : undefined,
      toolResult: kind === "tool" ? firstString(a, ["output.value"]) : undefined,
      documents: docs.length ? docs : undefined,
      input: messagesJson(inputMessages) ?? firstString(a, ["input.value"]),
      output: messagesJson(outputMessages) ?? firstString(a, ["output.value"]),
      tenant: metadataValue(a, ["tenant_id", "tenantId", "tenant"]),
      feature: metadataValue(a, ["feature_name", "featureName", "feature"]),
      sessionId: metadataValue(a, ["session_id", "sessionId"]),
      userId: metadataValue(a, ["user_id", "userId"]),
    };
  },
};
