import type { Extracted } from "./attributes";
import type { SpanKind } from "@/lib/domain/span/span-row";

// One classification rule (README "What is understood"): a span with a model and token usage
// or chat messages is a model call, `llm` (or `embedding`), whatever else it carries: a
// `gpu.type`, an OpenLLMetry `task`, a tool or workflow kind. GPU attributes only change how it
// is priced. `gpu` is left for GPU work with no model call. Spans a convention declares as
// agents, wrappers of model calls (OpenInference CHAIN, Vercel's outer ai.generateText) or
// retrievals keep their kind: their usage repeats their children's.

const EMBEDDING_OPERATION = /embed/i;

/** A model and usage or messages: what makes a span a model call. */
export function isModelCall(x: Extracted): boolean {
  const model = x.model ?? x.responseModel;
  return !!model && (x.inputTokens !== undefined || x.outputTokens !== undefined || x.messages === true);
}

export function classify(x: Extracted): SpanKind {
  const declared = x.kind ?? (x.toolName ? "tool" : x.documents?.length ? "retrieval" : undefined);
  if (declared === "llm" || declared === "embedding") return declared;
  const callKind: SpanKind = EMBEDDING_OPERATION.test(x.operation ?? "") ? "embedding" : "llm";
  if (isModelCall(x) && !(declared && x.kindIsFinal)) return callKind;
  if (x.gpuType) return "gpu";
  if (declared) return declared;
  // A model or tokens alone, with no convention saying otherwise.
  if (x.model || x.responseModel || x.inputTokens !== undefined || x.outputTokens !== undefined) return callKind;
  return "other";
}
