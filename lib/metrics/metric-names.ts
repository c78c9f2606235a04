// The metric names the reads understand (every metric is stored; these are the ones shown).
// Shared by the reads and the Serving page's empty states.

/** GPU gauges; `factor` brings each to percent or bytes. */
export const GPU_METRICS = {
  utilization: [
    { name: "hw.gpu.utilization", factor: 100 },
    { name: "DCGM_FI_DEV_GPU_UTIL", factor: 1 },
  ],
  memoryUsed: [
    { name: "hw.gpu.memory.usage", factor: 1 },
    { name: "DCGM_FI_DEV_FB_USED", factor: 1024 * 1024 },
  ],
  memoryLimit: [{ name: "hw.gpu.memory.limit", factor: 1 }],
  /** DCGM reports used and free framebuffer memory; their sum is the GPU's memory. */
  memoryFree: [{ name: "DCGM_FI_DEV_FB_FREE", factor: 1024 * 1024 }],
} as const;

export const GPU_METRIC_NAMES: string[] = Object.values(GPU_METRICS).flatMap((list) => list.map((m) => m.name));

/** Latency histograms of the serving engine and of the client, in seconds (or `unit` ms). */
export const LATENCY_FIGURES = {
  ttft: {
    label: "Time to first token",
    names: ["gen_ai.server.time_to_first_token", "vllm:time_to_first_token_seconds"],
  },
  tpot: {
    label: "Time per output token",
    names: [
      "gen_ai.server.time_per_output_token",
      "vllm:time_per_output_token_seconds",
      "vllm:inter_token_latency_seconds",
    ],
  },
  requestDuration: {
    label: "Request duration (server)",
    names: ["gen_ai.server.request.duration", "vllm:e2e_request_latency_seconds"],
  },
  operationDuration: { label: "Operation duration (client)", names: ["gen_ai.client.operation.duration"] },
} as const;
export type LatencyFigure = keyof typeof LATENCY_FIGURES;
export const LATENCY_FIGURE_KEYS = Object.keys(LATENCY_FIGURES) as LatencyFigure[];

/** A histogram of tokens per call, split by `gen_ai.token.type` (input/output). */
export const TOKEN_USAGE_METRIC = "gen_ai.client.token.usage";
