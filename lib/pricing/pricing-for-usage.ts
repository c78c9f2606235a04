import "server-only";
import { queryRows } from "@/lib/clickhouse/query";
import { sql, type Sql } from "@/lib/clickhouse/sql";
import { pricingWith } from "./cost-sql";
import { loadPricing } from "./price-catalog";
import { priceVersionsFor, rateVersionsFor } from "@/lib/domain/pricing/resolve";

/**
 * The `WITH` fragment that prices the usage rows of `source` (see usageSource): only the models and
 * GPU types those rows use travel to ClickHouse. Also says which catalog was used.
 */
type Names = { models: string[]; gpus: string[]; at: number };
// Model and GPU names seen per project, grow-only, re-read after NAMES_TTL_MS. A name missing
// from the cache only makes its usage look unpriced, which the caller detects (`fromCache`)
// and answers by asking again with `fresh`; extra names cost nothing.
const NAMES_TTL_MS = 5 * 60_000;
const namesCache = new Map<string, Names>();

export async function pricingForUsage(
  projectId: string,
  source: Sql,
  options: { fresh?: boolean } = {},
): Promise<{ withPrices: Sql; catalogVersion: string; fromCache: boolean }> {
  const cached = namesCache.get(projectId);
  const fromCache = !options.fresh && cached !== undefined && Date.now() - cached.at < NAMES_TTL_MS;
  let names = cached;
  if (!fromCache) {
    const [found] = await queryRows<{ models: string[]; gpus: string[] }>({
      projectId,
      tag: "pricing.names",
      query: sql`SELECT groupUniqArrayIf(toString(model), gpu_type = '' AND input_tokens + output_tokens != 0) AS models,
                        groupUniqArrayIf(toString(gpu_type), gpu_type != '') AS gpus
                 FROM (${source})`,
    });
    names = {
      models: [...new Set([...(cached?.models ?? []), ...(found?.models ?? [])])],
      gpus: [...new Set([...(cached?.gpus ?? []), ...(found?.gpus ?? [])])],
      at: Date.now(),
    };
    namesCache.set(projectId, names);
  }
  const pricing = await loadPricing(projectId);
  const models = new Map((names?.models ?? []).map((m) => [m, priceVersionsFor(m, pricing.prices)]));
  const gpus = new Map((names?.gpus ?? []).map((g) => [g, rateVersionsFor(g, pricing.rates)]));
  return { withPrices: pricingWith(models, gpus), catalogVersion: pricing.catalogVersion, fromCache };
}
