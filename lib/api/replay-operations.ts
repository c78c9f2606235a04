import type { Operation } from "./operations";
import { rerunInput } from "@/lib/replay/rerun-input";
import { releaseQuery } from "@/lib/releases/compare-releases";

// Re-running a recorded step and comparing releases (issue 22).
export const replayOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/traces/{traceId}/spans/{spanId}/rerun",
    summary:
      "An LLM step as the re-run editor opens it: messages, model, parameters, tools, the recorded answer, tokens, cost and latency, the trace's tool results, and the models allowed",
  },
  {
    method: "post",
    path: "/api/v1/traces/{traceId}/spans/{spanId}/rerun",
    summary:
      "Re-run an LLM step, edited, against the project's OpenAI-compatible endpoint; tool calls are answered with the recorded results; the re-run is stored as a trace of its own (feature replay, observatory.replay) and answered with tokens, cost, latency and a word diff",
    body: rerunInput,
  },

  {
    method: "get",
    path: "/api/v1/releases/compare",
    summary:
      "Compare a candidate version with a baseline (by model, prompt name + version, or any attribute such as service.version) over a period, per feature: error rate, latency p50/p95, tokens and cost per request, quality scores, sample sizes, z-test and Mann–Whitney p-values, verdict better / worse / same / not_enough_data",
    query: releaseQuery,
  },
];
