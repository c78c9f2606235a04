// Raw OpenTelemetry SDK with GenAI semantic conventions: a RAG answer with a retrieval step.
// node examples/otel-sdk.mjs
import { context, trace, SpanStatusCode } from "@opentelemetry/api";
import { startTracing } from "./common.mjs";

const { tracer, shutdown } = startTracing("example-rag");
const root = tracer.startSpan("answer question", {
  attributes: { "tenant.id": "acme", "feature.name": "support-chat" },
});
const ctx = trace.setSpan(context.active(), root);

const retrieval = tracer.startSpan(
  "retrieve docs",
  {
    attributes: {
      "gen_ai.operation.name": "retrieval",
      "retrieval.documents.0.document.id": "kb-12",
      "retrieval.documents.0.document.score": 0.83,
      "retrieval.documents.0.document.content": "Refunds within 30 days.",
    },
  },
  ctx,
);
retrieval.end();

const chat = tracer.startSpan(
  "chat gpt-4o-mini",
  {
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
      "gen_ai.usage.input_tokens": 812,
      "gen_ai.usage.output_tokens": 96,
      "gen_ai.input.messages": JSON.stringify([{ role: "user", content: "What is the refund policy?" }]),
      "gen_ai.output.messages": JSON.stringify([
        { role: "assistant", content: "Refunds are accepted within 30 days." },
      ]),
      "gen_ai.response.finish_reasons": ["stop"],
    },
  },
  ctx,
);
chat.setStatus({ code: SpanStatusCode.OK });
chat.end();
root.end();
await shutdown();
console.log(`sent trace ${root.spanContext().traceId}`);
