import { firstNumber, firstString, type Convention, type Extracted } from "./attributes";

// OpenLLMetry (Traceloop): traceloop.span.kind / entity.*, llm.request.type, llm.usage.*,
// prompt registry keys, association properties. Its gen_ai.* keys are read by the GenAI normalizer.

const KIND_BY_SPAN_KIND: Record<string, Extracted["kind"]> = {
  workflow: "chain",
  task: "chain",
  agent: "agent",
  tool: "tool",
};
const KIND_BY_REQUEST_TYPE: Record<string, Extracted["kind"]> = {
  chat: "llm",
  completion: "llm",
  embedding: "embedding",
  rerank: "retrieval",
};

export const openllmetry: Convention = {
  name: "openllmetry",
  namespaces: ["traceloop", "llm", "db"],
  extract(a) {
    const spanKind = firstString(a, ["traceloop.span.kind"]);
    const requestType = firstString(a, ["llm.request.type"]);
    const vectorDb =
      firstString(a, ["db.system"]) !== undefined &&
      /query|search|retriev/i.test(firstString(a, ["db.operation", "db.operation.name"]) ?? "");
    // The request type names the call itself; the span kind may be the decorated task around it.
    const kind =
      (requestType && KIND_BY_REQUEST_TYPE[requestType]) ||
      (spanKind && KIND_BY_SPAN_KIND[spanKind]) ||
      (vectorDb ? "retrieval" : undefined);
    const entityName = firstString(a, ["traceloop.entity.name"]);
    return {
      kind,
      kindIsFinal: kind === "agent" || kind === "retrieval" ? true : undefined,
      model: firstString(a, ["llm.request.model"]),
      responseModel: firstString(a, ["llm.response.model"]),
      provider: firstString(a, ["llm.vendor"]),
      inputTokens: firstNumber(a, ["llm.usage.prompt_tokens"]),
      outputTokens: firstNumber(a, ["llm.usage.completion_tokens"]),
      cachedInputTokens: firstNumber(a, ["llm.usage.cache_read_input_tokens"]),
      reasoningTokens: firstNumber(a, ["llm.usage.reasoning_tokens"]),
      finishReason: firstString(a, ["llm.response.finish_reason"]),
      promptName: firstString(a, ["traceloop.prompt.key", "traceloop.prompt.template"]),
      promptVersion: firstString(a, ["traceloop.prompt.version"]),
      toolName: kind === "tool" ? entityName : undefined,
      toolArguments: kind === "tool" ? firstString(a, ["traceloop.entity.input"]) : undefined,
      toolResult: kind === "tool" ? firstString(a, ["traceloop.entity.output"]) : undefined,
      input: firstString(a, ["traceloop.entity.input"]),
      output: firstString(a, ["traceloop.entity.output"]),
      tenant: firstString(a, [
        "traceloop.association.properties.tenant_id",
        "traceloop.association.properties.tenantId",
      ]),
      feature: firstString(a, [
        "traceloop.association.properties.feature_name",
        "traceloop.association.properties.feature",
      ]),
      sessionId: firstString(a, [
        "traceloop.association.properties.session_id",
        "traceloop.association.properties.sessionId",
      ]),
      userId: firstString(a, ["traceloop.association.properties.user_id", "traceloop.association.properties.userId"]),
    };
  },
};
