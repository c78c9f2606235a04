import "server-only";
import { queryRows } from "@/lib/clickhouse/query";
import { sql, type Sql } from "@/lib/clickhouse/sql";
import { pricingWith } from "./cost-sql";
import { loadPricing } from "./price-catalog";
import { priceVersionsFor, rateVersionsFor } from "./resolve";

/**
 * The `WITH` fragment that prices the usage rows of `source` (see usageSource): only the models and
 * GPU types those rows use travel to ClickHouse. Also says which catalog was used.
 */
export async function pricingForUsage(projectId: string, source: Sql): Promise<{ withPrices: Sql; catalogVersion: string }> {
  const [names] = await queryRows<{ models: string[]; gpus: string[] }>({
    projectId,
    tag: "pricing.names",
    query: sql`SELECT groupUniqArrayIf(toString(model), kind != 'gpu' AND input_tokens + output_tokens != 0) AS models,
                      groupUniqArrayIf(toString(gpu_type), kind = 'gpu') AS gpus
               FROM (${source})`,
  });
  const pricing = await loadPricing(projectId);
  const models = new Map((names?.models ?? []).map((m) => [m, priceVersionsFor(m, pricing.prices)]));
  const gpus = new Map((names?.gpus ?? []).map((g) => [g, rateVersionsFor(g, pricing.rates)]));
  return { withPrices: pricingWith(models, gpus), catalogVersion: pricing.catalogVersion };
}
