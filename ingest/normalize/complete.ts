import type { Extracted } from "./attributes";
import type { SpanKind } from "@/lib/domain/span/span-row";
import { estimateTokens } from "./estimate-tokens";
import { withSystemInstructions } from "./system-instructions";

// What the merged conventions still lack or say wrongly, completed once the kind is known.

/**
 * Puts the system instructions first in the input; counts the tokens of an LLM or embedding
 * call that carries content but no counts (never replacing reported ones; an embedding's
 * output is vectors, so only its input); and drops a reported cost of 0
 * for usage with tokens (openlit reports 0 for every model missing from its own price file), so
 * the catalog prices it. The attributes keep what was reported. Returns whether usage is estimated.
 */
export function completeExtracted(x: Extracted, kind: SpanKind, failed: boolean): { usageEstimated: boolean } {
  x.input = withSystemInstructions(x.input, x.systemInstructions);
  let usageEstimated = false;
  const model = x.responseModel ?? x.model;
  const call = kind === "llm" || kind === "embedding";
  // A failed call (refused with a 4xx, say) was most likely not billed: nothing to estimate.
  if (
    call &&
    !failed &&
    model &&
    x.inputTokens === undefined &&
    x.outputTokens === undefined &&
    (x.input || x.output)
  ) {
    const estimate = estimateTokens(model, x.input, kind === "llm" ? x.output : undefined, kind === "llm");
    x.inputTokens = estimate.inputTokens;
    x.outputTokens = estimate.outputTokens;
    usageEstimated = true;
  }
  if (x.reportedCostUsd === 0 && ((x.inputTokens ?? 0) > 0 || (x.outputTokens ?? 0) > 0)) x.reportedCostUsd = undefined;
  return { usageEstimated };
}
