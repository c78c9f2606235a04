import { sql, type Sql } from "@/lib/clickhouse/sql";
import {
  callCost,
  pickPrice,
  pickRate,
  priceVersionsFor,
  rateVersionsFor,
  tierTokens,
  type PriceRow,
  type RateRow,
} from "@/lib/domain/pricing/resolve";

// How usage becomes cost, written once for both runtimes: each rule says, in JS for one span and
// in SQL for one usage-rollup row (columns of usage_hourly / trace_usage, plus price_ix and
// rate_ix from cost-sql.ts), when it applies and what it costs. The first rule that applies
// prices the usage; its cost NULL (null) means unpriced; no rule applying means nothing to price.
// price-span.ts and cost-sql.ts are both built from this list, so a new way of pricing cannot
// reach one runtime only (lib/pricing/pricing-parity.test.ts generates spans of every shape).

/** The usage columns a span needs to be priced, as ClickHouse returns them. */
export type SpanUsage = {
  kind: string;
  model: string;
  response_model: string;
  start_time: string;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  gpu_type: string;
  gpu_seconds: number;
  reported_cost_usd: number | null;
};

type Pricing = { prices: PriceRow[]; rates: RateRow[] };

export type CostRule = {
  shape: "reported" | "gpu_time" | "tokens";
  applies: { js: (s: SpanUsage) => boolean; sql: Sql };
  cost: { js: (s: SpanUsage, pricing: Pricing, atMs: number) => number | null; sql: Sql };
};

export const COST_RULES: readonly CostRule[] = [
  // Spans that report their own cost keep it, never re-priced.
  {
    shape: "reported",
    applies: { js: (s) => s.reported_cost_usd !== null, sql: sql`cost_reported = 1` },
    cost: { js: (s) => s.reported_cost_usd, sql: sql`reported_cost_usd` },
  },
  // On a GPU (GPU work, or a model call it served): GPU time × hourly rate, not tokens.
  {
    shape: "gpu_time",
    applies: { js: (s) => s.gpu_type !== "", sql: sql`gpu_type != ''` },
    cost: {
      js: (s, pricing, atMs) => {
        const rate = pickRate(rateVersionsFor(s.gpu_type, pricing.rates), atMs);
        return rate ? (Number(s.gpu_seconds) / 3600) * rate.usdPerHour : null;
      },
      sql: sql`if(rate_ix > 0, gpu_seconds / 3600 * gr[rate_ix], NULL)`,
    },
  },
  // Tokens × price, cached input at the cached rate. Rollup rows hold cached ≤ input per span
  // already (the writer and the views clamp it), so the SQL does not clamp a summed row again.
  {
    shape: "tokens",
    applies: {
      js: (s) => Number(s.input_tokens) + Number(s.output_tokens) !== 0,
      sql: sql`input_tokens + output_tokens != 0`,
    },
    cost: {
      js: (s, pricing, atMs) => {
        const input = Number(s.input_tokens);
        // The tier by the rollups' tier_tokens, so that a tier below the floor prices alike in both.
        const price = pickPrice(priceVersionsFor(s.response_model || s.model, pricing.prices), atMs, tierTokens(input));
        return price
          ? callCost(price, { input, output: Number(s.output_tokens), cached: Number(s.cached_input_tokens) })
          : null;
      },
      sql: sql`if(price_ix > 0, ((input_tokens - cached_input_tokens) * pi[price_ix] + cached_input_tokens * pc[price_ix] + output_tokens * po[price_ix]) / 1000000, NULL)`,
    },
  },
];
