import { firstNumber, firstString, type Convention, type Extracted } from "./attributes";

// Vercel AI SDK (`experimental_telemetry`): ai.operationId, ai.model.*, ai.usage.*, ai.prompt*,
// ai.response.*, ai.toolCall.*, ai.telemetry.metadata.*; SDK 7 (`@ai-sdk/otel`) sends tenant,
// feature and session as runtime context, `ai.settings.context.*`, and GenAI keys beside them.

function kindOf(operationId: string | undefined): Extracted["kind"] {
  if (!operationId) return undefined;
  if (operationId === "ai.toolCall") return "tool";
  if (/^ai\.embed(Many)?(\.doEmbed)?$/.test(operationId)) return "embedding";
  if (/\.do(Generate|Stream)$/.test(operationId)) return "llm";
  if (/^ai\.(generate|stream)(Text|Object)$/.test(operationId)) return "chain";
  return undefined;
}

export const vercelAi: Convention = {
  name: "vercel-ai",
  namespaces: ["ai", "operation"],
  extract(a) {
    const operationId = firstString(a, ["ai.operationId", "operation.name"]);
    const kind = kindOf(operationId?.startsWith("ai.") ? operationId : undefined);
    const msToFirstChunk = firstNumber(a, ["ai.response.msToFirstChunk", "ai.stream.msToFirstChunk"]);
    return {
      kind,
      operation: operationId?.startsWith("ai.") ? operationId : undefined,
      // The outer ai.generateText/streamText spans wrap the doGenerate/doStream calls.
      kindIsFinal: kind === "chain" || undefined,
      messages: a["ai.prompt.messages"] !== undefined || undefined,
      model: firstString(a, ["ai.model.id"]),
      responseModel: firstString(a, ["ai.response.model"]),
      provider: firstString(a, ["ai.model.provider"]),
      inputTokens: firstNumber(a, ["ai.usage.inputTokens", "ai.usage.promptTokens", "ai.usage.tokens"]),
      outputTokens: firstNumber(a, ["ai.usage.outputTokens", "ai.usage.completionTokens"]),
      cachedInputTokens: firstNumber(a, ["ai.usage.cachedInputTokens"]),
      reasoningTokens: firstNumber(a, ["ai.usage.reasoningTokens"]),
      finishReason: firstString(a, ["ai.response.finishReason"]),
      timeToFirstTokenMs: msToFirstChunk,
      promptName: firstString(a, [
        "ai.settings.context.promptName",
        "ai.settings.context.prompt_name",
        "ai.telemetry.metadata.promptName",
        "ai.telemetry.metadata.prompt_name",
      ]),
      promptVersion: firstString(a, [
        "ai.settings.context.promptVersion",
        "ai.settings.context.prompt_version",
        "ai.telemetry.metadata.promptVersion",
        "ai.telemetry.metadata.prompt_version",
      ]),
      toolName: firstString(a, ["ai.toolCall.name"]),
      toolCallId: firstString(a, ["ai.toolCall.id"]),
      toolArguments: firstString(a, ["ai.toolCall.args", "ai.toolCall.input"]),
      toolResult: firstString(a, ["ai.toolCall.result", "ai.toolCall.output"]),
      input: firstString(a, ["ai.prompt.messages", "ai.prompt", "ai.value", "ai.values"]),
      output: firstString(a, [
        "ai.response.text",
        "ai.response.object",
        "ai.response.toolCalls",
        "ai.result.text",
        "ai.embedding",
      ]),
      tenant: firstString(a, [
        "ai.settings.context.tenantId",
        "ai.settings.context.tenant_id",
        "ai.telemetry.metadata.tenantId",
        "ai.telemetry.metadata.tenant_id",
      ]),
      feature: firstString(a, [
        "ai.settings.context.featureName",
        "ai.settings.context.feature",
        "ai.telemetry.metadata.featureName",
        "ai.telemetry.metadata.feature",
      ]),
      sessionId: firstString(a, [
        "ai.settings.context.sessionId",
        "ai.settings.context.session_id",
        "ai.telemetry.metadata.sessionId",
        "ai.telemetry.metadata.session_id",
      ]),
      userId: firstString(a, [
        "ai.settings.context.userId",
        "ai.settings.context.user_id",
        "ai.telemetry.metadata.userId",
        "ai.telemetry.metadata.user_id",
      ]),
    };
  },
};
