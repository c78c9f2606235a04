import { join, param, sql, type Sql } from "@/lib/clickhouse/sql";
import { COST_RULES } from "./cost-rules";
import type { PriceVersion, RateVersion } from "@/lib/domain/pricing/resolve";

// Applies price versions to spans inside ClickHouse. The versions travel as parallel array
// parameters bound once in a WITH clause; each span picks the version pickPrice() would pick:
// most specific name match, latest start at or before the span (and not ended by then), highest tier reached.

export function pricingWith(models: Map<string, PriceVersion[]>, gpus: Map<string, RateVersion[]>): Sql {
  const m = [...models.entries()].flatMap(([name, versions]) => versions.map((v) => ({ name, ...v })));
  const g = [...gpus.entries()].flatMap(([type, versions]) => versions.map((v) => ({ type, ...v })));
  return sql`
    ${param(
      m.map((v) => v.name),
      "Array(String)",
    )} AS pm,
    ${param(
      m.map((v) => Math.min(v.rank, 1_000_000)),
      "Array(Int64)",
    )} AS pr,
    ${param(
      m.map((v) => v.fromMs),
      "Array(Int64)",
    )} AS pf,
    ${param(
      m.map((v) => v.toMs),
      "Array(Int64)",
    )} AS pt,
    ${param(
      m.map((v) => v.minInputTokens),
      "Array(Int64)",
    )} AS pn,
    ${param(
      m.map((v) => v.input),
      "Array(Float64)",
    )} AS pi,
    ${param(
      m.map((v) => v.output),
      "Array(Float64)",
    )} AS po,
    ${param(
      m.map((v) => v.cached),
      "Array(Float64)",
    )} AS pc,
    ${param(
      g.map((v) => v.type.toLowerCase()),
      "Array(String)",
    )} AS gt,
    ${param(
      g.map((v) => v.fromMs),
      "Array(Int64)",
    )} AS gf,
    ${param(
      g.map((v) => v.usdPerHour),
      "Array(Float64)",
    )} AS gr`;
}

/**
 * Which price and GPU-rate version applies to a (model, hour, tier_tokens, gpu_type): the version
 * in force at the hour's (or day's) start, the tier by `tier_tokens`. Over the rollups' rows,
 * which are few; measured faster than evaluating it per distinct key and joining.
 */
export const priceIndexColumns = sql`
    arrayElement(arraySort(i -> (pr[i], pf[i], pn[i], i),
      arrayFilter(i -> pm[i] = model AND pf[i] <= toInt64(toUnixTimestamp(hour)) * 1000 AND toInt64(toUnixTimestamp(hour)) * 1000 < pt[i] AND (pn[i] = 0 OR toInt64(tier_tokens) > pn[i]), arrayEnumerate(pm))), -1) AS price_ix,
    arrayElement(arraySort(i -> (gf[i], i),
      arrayFilter(i -> gt[i] = lower(gpu_type) AND gf[i] <= toInt64(toUnixTimestamp(hour)) * 1000, arrayEnumerate(gt))), -1) AS rate_ix`;

/**
 * Cost columns over usage rows carrying price_ix and rate_ix, by the rules of ./cost-rules.ts
 * (which price-span.ts applies per span in JS): the first rule that applies prices the row;
 * a row it cannot price is `unpriced` (and costs 0 here); a row no rule applies to costs 0.
 */
export const usageCostColumns = sql`
    multiIf(${join(
      COST_RULES.map((r) => sql`${r.applies.sql}, ${r.cost.sql}`),
      ",\n            ",
    )}, NULL) AS rule_cost,
    ifNull(rule_cost, 0) AS cost_usd,
    rule_cost IS NULL AND (${join(
      COST_RULES.map((r) => r.applies.sql),
      " OR ",
    )}) AS unpriced`;
