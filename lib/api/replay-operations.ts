import type { Operation } from "./operations";
import { rerunInput } from "@/lib/replay/rerun-input";
import { releaseQuery } from "@/lib/releases/compare-releases";
import { addToSetInput } from "@/lib/sets/add-to-set";
import { setInput, setVersionQuery } from "@/lib/sets/regression-sets";
import { exportQuery, importInput } from "@/lib/sets/set-files";
import { experimentInput } from "@/lib/sets/experiment-input";
import { compareQuery } from "@/lib/experiments/compare-experiment";

// Re-running a recorded step, comparing releases, regression sets (issue 22).
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

  { method: "get", path: "/api/v1/sets", summary: "Regression sets of the project, with their latest version" },
  { method: "post", path: "/api/v1/sets", summary: "Create an empty regression set (version 0)", body: setInput },
  {
    method: "get",
    path: "/api/v1/sets/{id}",
    summary: "A regression set with the items of one version (the latest by default)",
    query: setVersionQuery,
  },
  {
    method: "post",
    path: "/api/v1/sets/{id}/items",
    summary:
      "Add to set: traces by id, the newest traces (up to 1,000) of a trace-list filter, or a session (`sessionId`: one item per turn, in order); each gives its first LLM call's messages and the recorded answer, with an optional expected output or label; traces already in the set are skipped; makes a new version",
    body: addToSetInput,
  },
  {
    method: "post",
    path: "/api/v1/sets/{id}/import",
    summary: "Import items from CSV or JSONL as a new version; a bad line is refused with its number and field",
    body: importInput,
  },
  {
    method: "get",
    path: "/api/v1/sets/{id}/export",
    summary: "A version of the set as CSV or JSONL",
    query: exportQuery,
  },

  {
    method: "post",
    path: "/api/v1/sets/{id}/experiments",
    summary:
      "Start a run of a version of the set against a variant (model, system prompt, parameters) through the project's endpoint, `concurrency` at a time, stopping once the spent cost (the variant's calls and the judge's) reaches the cap; each item scored by the rule checks, the judge (optional), exact / contains / JSON-schema checks. Answers 202 with the stored experiment (status running); items are stored as they finish",
    body: experimentInput,
  },
  {
    method: "get",
    path: "/api/v1/sets/{id}/experiments",
    summary:
      "The set's experiments, newest first: variant, set version, status (running, done, stopped_by_cap, failed, interrupted), items finished of the total, totals",
  },
  {
    method: "get",
    path: "/api/v1/experiments/{id}",
    summary:
      "An experiment with its progress, aggregate (errors, differing, cost, judge cost, latency p50/p95, judge mean, rule means, check rates) and its items against the recorded output, differing first",
  },
  {
    method: "get",
    path: "/api/v1/experiments/{id}/compare",
    summary:
      "The experiment against the recorded answers (`against=recorded`: cost, latency and error of the span each item came from, the same checks on the recorded answer) or another experiment of the same set (`against=<experimentId>`), per item and in aggregate (quality, cost, latency, errors), differing items first",
    query: compareQuery,
  },
];
