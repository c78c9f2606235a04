import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import type { PriceRow, RateRow } from "@/lib/domain/pricing/resolve";
import { COST_RULES, type SpanUsage } from "./cost-rules";

export type { SpanUsage } from "./cost-rules";

/**
 * One span's cost by the rules of ./cost-rules.ts (which cost-sql.ts applies in ClickHouse), in
 * JS for the few spans of a trace: null when unpriced or when there is nothing to price.
 */
export function spanCost(s: SpanUsage, pricing: { prices: PriceRow[]; rates: RateRow[] }): number | null {
  const rule = COST_RULES.find((r) => r.applies.js(s));
  return rule ? rule.cost.js(s, pricing, fromClickHouseTime(s.start_time).getTime()) : null;
}
