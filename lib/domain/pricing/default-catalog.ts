// The default price catalog: public list prices per million tokens, as the providers published
// them when this list was taken. Every project starts from it and can override any model in
// Settings or through /api/v1/prices. Patterns use `*`; the most specific match wins.

export const DEFAULT_CATALOG_TAKEN_ON = "2025-06-01";

export type CatalogPrice = { model: string; input: number; output: number; cachedInput?: number; minInputTokens?: number };

export const DEFAULT_MODEL_PRICES: CatalogPrice[] = [
  // OpenAI
  { model: "gpt-4o*", input: 2.5, output: 10, cachedInput: 1.25 },
  { model: "gpt-4o-mini*", input: 0.15, output: 0.6, cachedInput: 0.075 },
  { model: "gpt-4.1*", input: 2, output: 8, cachedInput: 0.5 },
  { model: "gpt-4.1-mini*", input: 0.4, output: 1.6, cachedInput: 0.1 },
  { model: "gpt-4.1-nano*", input: 0.1, output: 0.4, cachedInput: 0.025 },
  { model: "o3*", input: 2, output: 8, cachedInput: 0.5 },
  { model: "o3-mini*", input: 1.1, output: 4.4, cachedInput: 0.55 },
  { model: "o4-mini*", input: 1.1, output: 4.4, cachedInput: 0.275 },
  { model: "text-embedding-3-small", input: 0.02, output: 0 },
  { model: "text-embedding-3-large", input: 0.13, output: 0 },
  // Anthropic (cached = cache read)
  { model: "claude-3-5-sonnet*", input: 3, output: 15, cachedInput: 0.3 },
  { model: "claude-3-7-sonnet*", input: 3, output: 15, cachedInput: 0.3 },
  { model: "claude-sonnet-4*", input: 3, output: 15, cachedInput: 0.3 },
  { model: "claude-3-5-haiku*", input: 0.8, output: 4, cachedInput: 0.08 },
  { model: "claude-3-opus*", input: 15, output: 75, cachedInput: 1.5 },
  { model: "claude-opus-4*", input: 15, output: 75, cachedInput: 1.5 },
  // Google (long-context tiers above 128k / 200k input tokens)
  { model: "gemini-1.5-pro*", input: 1.25, output: 5 },
  { model: "gemini-1.5-pro*", input: 2.5, output: 10, minInputTokens: 128_000 },
  { model: "gemini-1.5-flash*", input: 0.075, output: 0.3 },
  { model: "gemini-2.0-flash*", input: 0.1, output: 0.4, cachedInput: 0.025 },
  { model: "gemini-2.5-pro*", input: 1.25, output: 10, cachedInput: 0.31 },
  { model: "gemini-2.5-pro*", input: 2.5, output: 15, cachedInput: 0.625, minInputTokens: 200_000 },
  { model: "gemini-2.5-flash*", input: 0.3, output: 2.5, cachedInput: 0.075 },
  // Mistral
  { model: "mistral-large*", input: 2, output: 6 },
  { model: "mistral-medium*", input: 0.4, output: 2 },
  { model: "mistral-small*", input: 0.1, output: 0.3 },
  { model: "codestral*", input: 0.3, output: 0.9 },
  // Meta Llama through hosted APIs (typical serverless list prices)
  { model: "*llama-3.1-8b*", input: 0.18, output: 0.18 },
  { model: "*llama-3.1-70b*", input: 0.88, output: 0.88 },
  { model: "*llama-3.1-405b*", input: 3.5, output: 3.5 },
  { model: "*llama-3.3-70b*", input: 0.88, output: 0.88 },
];

/** Typical on-demand cloud rates per GPU-hour when a project sets none. */
export const DEFAULT_GPU_RATES: Array<{ gpuType: string; usdPerHour: number }> = [
  { gpuType: "H100", usdPerHour: 2.99 },
  { gpuType: "H200", usdPerHour: 3.79 },
  { gpuType: "A100", usdPerHour: 1.79 },
  { gpuType: "L40S", usdPerHour: 1.19 },
  { gpuType: "A10G", usdPerHour: 1.01 },
  { gpuType: "L4", usdPerHour: 0.8 },
];
