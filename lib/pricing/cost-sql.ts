import { param, sql, type Sql } from "@/lib/clickhouse/sql";
import type { PriceVersion, RateVersion } from "@/lib/domain/pricing/resolve";

// Applies price versions to spans inside ClickHouse. The versions travel as parallel array
// parameters bound once in a WITH clause; each span picks the version pickPrice() would pick:
// most specific name match, latest start at or before the span, highest tier reached.

export function pricingWith(models: Map<string, PriceVersion[]>, gpus: Map<string, RateVersion[]>): Sql {
  const m = [...models.entries()].flatMap(([name, versions]) => versions.map((v) => ({ name, ...v })));
  const g = [...gpus.entries()].flatMap(([type, versions]) => versions.map((v) => ({ type, ...v })));
  return sql`
    ${param(m.map((v) => v.name), "Array(String)")} AS pm,
    ${param(m.map((v) => Math.min(v.rank, 1_000_000)), "Array(Int64)")} AS pr,
    ${param(m.map((v) => v.fromMs), "Array(Int64)")} AS pf,
    ${param(m.map((v) => v.minInputTokens), "Array(Int64)")} AS pn,
    ${param(m.map((v) => v.input), "Array(Float64)")} AS pi,
    ${param(m.map((v) => v.output), "Array(Float64)")} AS po,
    ${param(m.map((v) => v.cached), "Array(Float64)")} AS pc,
    ${param(g.map((v) => v.type.toLowerCase()), "Array(String)")} AS gt,
    ${param(g.map((v) => v.fromMs), "Array(Int64)")} AS gf,
    ${param(g.map((v) => v.usdPerHour), "Array(Float64)")} AS gr`;
}

/**
 * Which price and GPU-rate version applies to a (model, hour, tier_tokens, gpu_type): the version
 * in force at the hour's (or day's) start, the tier by `tier_tokens`. Over the rollups' rows,
 * which are few; measured faster than evaluating it per distinct key and joining.
 */
export const priceIndexColumns = sql`
    arrayElement(arraySort(i -> (pr[i], pf[i], pn[i], i),
      arrayFilter(i -> pm[i] = model AND pf[i] <= toInt64(toUnixTimestamp(hour)) * 1000 AND (pn[i] = 0 OR toInt64(tier_tokens) > pn[i]), arrayEnumerate(pm))), -1) AS price_ix,
    arrayElement(arraySort(i -> (gf[i], i),
      arrayFilter(i -> gt[i] = lower(gpu_type) AND gf[i] <= toInt64(toUnixTimestamp(hour)) * 1000, arrayEnumerate(gt))), -1) AS rate_ix`;

/**
 * Cost columns over usage rows carrying price_ix and rate_ix. Rows that report their own cost
 * keep it; rows on a GPU (a `gpu_type`: GPU work, or a model call served on a GPU) cost
 * GPU-seconds × hourly rate, not tokens; token usage with no price is `unpriced`.
 * lib/pricing/price-span.ts applies the same rules in JS.
 */
export const usageCostColumns = sql`
    gpu_type != '' AS on_gpu,
    NOT on_gpu AND input_tokens + output_tokens != 0 AS token_priced,
    if(token_priced AND price_ix > 0,
       ((input_tokens - cached_input_tokens) * pi[price_ix] + cached_input_tokens * pc[price_ix] + output_tokens * po[price_ix]) / 1000000,
       NULL) AS token_cost,
    if(on_gpu AND rate_ix > 0, gpu_seconds / 3600 * gr[rate_ix], NULL) AS gpu_cost,
    multiIf(cost_reported = 1, reported_cost_usd, on_gpu, ifNull(gpu_cost, 0), token_priced, ifNull(token_cost, 0), 0) AS cost_usd,
    cost_reported = 0 AND ((on_gpu AND rate_ix = 0) OR (token_priced AND price_ix = 0)) AS unpriced`;
