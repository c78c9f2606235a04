import "server-only";
import { queryRows } from "@/lib/clickhouse/query";
import { sql, type Sql } from "@/lib/clickhouse/sql";
import { priceIndexColumns, usageCostColumns } from "@/lib/pricing/cost-sql";
import { pricingForUsage } from "@/lib/pricing/pricing-for-usage";

/**
 * Reads usage rows priced in ClickHouse: `priced` (handed to `select`) is `source` with each row's
 * price version, `cost_usd` and `unpriced` beside its own columns. The rows `select` returns must
 * carry `unpriced_rows` (sum(unpriced)): cached model names may miss a new model, which then looks
 * unpriced, so such an answer is read again with fresh names.
 */
export async function readPricedUsage<Row extends { unpriced_rows: number | string }>({
  projectId,
  source,
  where = sql`1`,
  tag,
  select,
}: {
  projectId: string;
  source: Sql;
  where?: Sql;
  tag: string;
  select: (priced: Sql) => Sql;
}) {
  const read = async (fresh: boolean) => {
    const pricing = await pricingForUsage(projectId, source, { fresh });
    // Cost is linear in usage once the price version is known, so source rows are priced as
    // they are (unmerged parts and correction pairs included) and only summed at the end.
    const priced = sql`
      WITH ${pricing.withPrices}
      SELECT *, ${priceIndexColumns}, ${usageCostColumns}
      FROM (${source}) WHERE ${where}`;
    const rows = await queryRows<Row>({ projectId, tag, query: select(priced) });
    return { pricing, priced, rows, anyUnpriced: rows.some((r) => Number(r.unpriced_rows) > 0) };
  };
  const first = await read(false);
  return first.anyUnpriced && first.pricing.fromCache ? read(true) : first;
}

/** The usage `priced` (see readPricedUsage) could not price, by model (or GPU type) and kind. */
export async function unpricedUsage({
  projectId,
  priced,
  where = sql`1`,
}: {
  projectId: string;
  priced: Sql;
  where?: Sql;
}) {
  const rows = await queryRows<{
    unpriced_model: string;
    unpriced_kind: string;
    input_tokens: number;
    output_tokens: number;
    gpu_seconds: number;
    spans: number;
  }>({
    projectId,
    tag: "cost.unpriced",
    query: sql`
      SELECT if(gpu_type != '', toString(gpu_type), toString(model)) AS unpriced_model, toString(kind) AS unpriced_kind, sum(input_tokens) AS input_tokens,
             sum(output_tokens) AS output_tokens, sum(gpu_seconds) AS gpu_seconds, sum(spans) AS spans
      FROM (${priced}) WHERE unpriced AND ${where}
      GROUP BY unpriced_model, unpriced_kind HAVING spans != 0 ORDER BY input_tokens + output_tokens DESC`,
  });
  return rows.map((u) => ({
    model: u.unpriced_model,
    kind: u.unpriced_kind,
    inputTokens: Number(u.input_tokens),
    outputTokens: Number(u.output_tokens),
    gpuSeconds: Number(u.gpu_seconds),
    spans: Number(u.spans),
  }));
}
