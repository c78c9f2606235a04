import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { callCost, pickPrice, pickRate, priceVersionsFor, rateVersionsFor, type PriceRow, type RateRow } from "@/lib/domain/pricing/resolve";

/** The usage columns a span needs to be priced, as ClickHouse returns them. */
export type SpanUsage = {
  kind: string; model: string; response_model: string; start_time: string; input_tokens: number; output_tokens: number;
  cached_input_tokens: number; gpu_type: string; gpu_seconds: number; reported_cost_usd: number | null;
};

/**
 * One span's cost with the rules of lib/pricing/cost-sql.ts, in JS for the few spans of a trace
 * or a page of traces: reported cost kept, GPU time × rate for spans with a GPU type, tokens ×
 * price; null when unpriced.
 */
export function spanCost(s: SpanUsage, pricing: { prices: PriceRow[]; rates: RateRow[] }): number | null {
  if (s.reported_cost_usd !== null) return s.reported_cost_usd;
  const at = fromClickHouseTime(s.start_time).getTime();
  // On a GPU (GPU work or a model call it served): GPU time, not tokens.
  if (s.gpu_type) {
    const rate = pickRate(rateVersionsFor(s.gpu_type, pricing.rates), at);
    return rate ? (Number(s.gpu_seconds) / 3600) * rate.usdPerHour : null;
  }
  const input = Number(s.input_tokens);
  const output = Number(s.output_tokens);
  if (input + output === 0) return null;
  const price = pickPrice(priceVersionsFor(s.response_model || s.model, pricing.prices), at, input);
  return price ? callCost(price, { input, output, cached: Number(s.cached_input_tokens) }) : null;
}
