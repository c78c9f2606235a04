import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../../ingest/otlp/build-json";
import { E2E_API_KEY } from "../../playwright.config";
import { waitIngestApplied } from "./ingest-applied";

/** Sends one RAG + tool run of feature `feature` through /v1/traces; the tool fails when asked. */
export async function sendRun(
  request: APIRequestContext,
  options: { feature: string; toolFails: boolean; startMs: number },
) {
  const traceId = randomBytes(16).toString("hex");
  const id = () => randomBytes(8).toString("hex");
  const root = id();
  const t = options.startMs;
  const spans: JsonSpan[] = [
    {
      traceId,
      spanId: root,
      name: "answer order question",
      startMs: t,
      durationMs: 900,
      attributes: { "tenant.id": "e2e-tenant", "feature.name": options.feature },
    },
    {
      traceId,
      spanId: id(),
      parentSpanId: root,
      name: "vector search",
      startMs: t + 10,
      durationMs: 40,
      attributes: {
        "openinference.span.kind": "RETRIEVER",
        "input.value": "where is order 7?",
        "retrieval.documents.0.document.id": "kb-1",
        "retrieval.documents.0.document.score": 0.91,
        "retrieval.documents.0.document.content": "Orders ship in two days.",
      },
    },
    {
      traceId,
      spanId: id(),
      parentSpanId: root,
      name: "chat gpt-4o",
      startMs: t + 60,
      durationMs: 300,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 500,
        "gen_ai.usage.output_tokens": 40,
        "gen_ai.prompt.name": "order-help",
        "gen_ai.prompt.version": options.toolFails ? "v5" : "v4",
        "gen_ai.input.messages": JSON.stringify([{ role: "user", content: "SECRET-PROMPT where is order 7?" }]),
        "gen_ai.output.messages": JSON.stringify([{ role: "assistant", content: "Let me look it up." }]),
      },
    },
    {
      traceId,
      spanId: id(),
      parentSpanId: root,
      name: "execute_tool lookup_order",
      startMs: t + 400,
      durationMs: options.toolFails ? 5000 : 120,
      attributes: {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "lookup_order",
        "gen_ai.tool.call.arguments": '{"order":7}',
        "gen_ai.tool.call.result": options.toolFails ? "" : '{"status":"shipped"}',
      },
      status: options.toolFails ? { code: 2, message: "lookup_order timed out" } : { code: 1 },
    },
    {
      traceId,
      spanId: id(),
      parentSpanId: root,
      name: "chat gpt-4o answer",
      startMs: t + 600,
      durationMs: 250,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 600,
        "gen_ai.usage.output_tokens": 30,
      },
    },
  ];
  const response = await request.post("/v1/traces", {
    headers: { authorization: `Bearer ${E2E_API_KEY}`, "content-type": "application/json" },
    data: JSON.stringify(otlpJson(spans)),
  });
  await waitIngestApplied(request);
  if (!response.ok()) throw new Error(`ingest answered ${response.status()}`);
  return traceId;
}
