// Spans with the attributes OpenLLMetry (Traceloop), OpenInference (Arize) and the Vercel AI
// SDK emit, sent with the plain SDK so this runs without model provider keys. With the real
// libraries, point them at the same OTEL_EXPORTER_OTLP_* variables:
//   OpenLLMetry:   Traceloop.initialize({ baseUrl: process.env.OTEL_EXPORTER_OTLP_ENDPOINT, headers: {...} })
//   OpenInference: register an OTLPTraceExporter and the @arizeai/openinference-instrumentation-* packages
//   Vercel AI SDK: generateText({ ..., experimental_telemetry: { isEnabled: true, metadata: { tenantId, featureName } } })
// node examples/conventions.mjs
import { context, trace } from "@opentelemetry/api";
import { startTracing } from "./common.mjs";

const { tracer, shutdown } = startTracing("example-conventions");

function child(parent, name, attributes) {
  const span = tracer.startSpan(name, { attributes }, trace.setSpan(context.active(), parent));
  span.end();
}

const openllmetry = tracer.startSpan("support.workflow", {
  attributes: {
    "traceloop.span.kind": "workflow",
    "traceloop.association.properties.tenant_id": "initech",
    "traceloop.association.properties.feature_name": "support-chat",
  },
});
child(openllmetry, "openai.chat", {
  "llm.request.type": "chat",
  "gen_ai.system": "openai",
  "gen_ai.request.model": "gpt-4o",
  "gen_ai.usage.prompt_tokens": 420,
  "gen_ai.usage.completion_tokens": 80,
  "gen_ai.prompt.0.role": "user",
  "gen_ai.prompt.0.content": "Where is my order?",
  "gen_ai.completion.0.role": "assistant",
  "gen_ai.completion.0.content": "It shipped.",
  "traceloop.prompt.key": "order-status",
  "traceloop.prompt.version": "3",
});
openllmetry.end();

const openinference = tracer.startSpan("rag.chain", {
  attributes: {
    "openinference.span.kind": "CHAIN",
    metadata: JSON.stringify({ tenant_id: "umbrella", feature_name: "doc-search" }),
  },
});
child(openinference, "retriever", {
  "openinference.span.kind": "RETRIEVER",
  "input.value": "refund policy",
  "retrieval.documents.0.document.id": "doc-1",
  "retrieval.documents.0.document.score": 0.91,
  "retrieval.documents.0.document.content": "Refunds within 30 days.",
});
child(openinference, "llm", {
  "openinference.span.kind": "LLM",
  "llm.model_name": "claude-3-5-sonnet-20241022",
  "llm.provider": "anthropic",
  "llm.token_count.prompt": 650,
  "llm.token_count.completion": 70,
  "llm.input_messages.0.message.role": "user",
  "llm.input_messages.0.message.content": "What is the refund policy?",
  "llm.output_messages.0.message.role": "assistant",
  "llm.output_messages.0.message.content": "30 days.",
});
openinference.end();

const vercel = tracer.startSpan("ai.generateText", {
  attributes: {
    "ai.operationId": "ai.generateText",
    "ai.model.id": "gpt-4o-mini",
    "ai.usage.promptTokens": 90,
    "ai.usage.completionTokens": 30,
    "ai.telemetry.metadata.tenantId": "acme",
    "ai.telemetry.metadata.featureName": "chat",
  },
});
child(vercel, "ai.generateText.doGenerate", {
  "ai.operationId": "ai.generateText.doGenerate",
  "ai.model.id": "gpt-4o-mini",
  "ai.model.provider": "openai.chat",
  "ai.usage.promptTokens": 90,
  "ai.usage.completionTokens": 30,
  "ai.response.finishReason": "stop",
  "ai.response.text": "Hello!",
});
child(vercel, "ai.toolCall", {
  "ai.operationId": "ai.toolCall",
  "ai.toolCall.name": "weather",
  "ai.toolCall.id": "call_1",
  "ai.toolCall.args": '{"city":"Oslo"}',
  "ai.toolCall.result": '{"c":3}',
});
vercel.end();

await shutdown();
console.log("sent OpenLLMetry-, OpenInference- and Vercel-AI-shaped traces");
