import "server-only";
import { z } from "zod";
import type { ProjectContext } from "@/lib/auth/context";
import { projectScope, queryRows } from "@/lib/clickhouse/query";
import { fromClickHouseTime, join, raw, sql, str, time, type Sql } from "@/lib/clickhouse/sql";
import { SPAN_KINDS } from "@/ingest/normalize/attributes";
import { ServiceError } from "@/lib/api/errors";
import { pricedSpanColumns } from "@/lib/pricing/cost-sql";
import { pricingForSpans } from "@/lib/pricing/pricing-for-spans";

const GROUPS = ["tenant", "feature", "model", "kind"] as const;
type Group = (typeof GROUPS)[number];
const isoDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const costQuery = z.object({
  from: isoDate,
  to: isoDate,
  groupBy: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const parts = (v ?? "").split(",").map((p) => p.trim()).filter(Boolean);
      const bad = parts.find((p) => !(GROUPS as readonly string[]).includes(p));
      if (bad) ctx.addIssue({ code: "custom", message: `unknown group "${bad}"; use ${GROUPS.join(", ")}` });
      return [...new Set(parts)] as Group[];
    }),
  interval: z.enum(["hour", "day", "month"]).optional(),
  tenant: z.string().max(200).optional(),
  feature: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  kind: z.enum(SPAN_KINDS).optional(),
});
export type CostQuery = z.infer<typeof costQuery>;

// Group expressions over the attributed spans below; constants, not user input.
const GROUP_SQL: Record<Group, string> = { tenant: "tenant_", feature: "feature_", model: "pricing_model", kind: "toString(kind)" };
const BUCKET_SQL = { hour: "toStartOfHour(start_time)", day: "toStartOfDay(start_time)", month: "toStartOfMonth(start_time)" } as const;

export type CostRow = Partial<Record<Group | "bucket", string>> & { costUsd: number; inputTokens: number; outputTokens: number; gpuSeconds: number; spans: number };
type Row = Record<string, string | number> & { cost: number; input_tokens: number; output_tokens: number; gpu_seconds: number; spans: number };

/**
 * Cost = usage × price, in ClickHouse, grouped by any of tenant, feature, model and kind.
 * Spans without tenant or feature take their trace's. Unpriced usage is reported, never zero.
 */
export async function costMetrics({ ctx, query }: { ctx: ProjectContext; query: CostQuery }) {
  if (query.from >= query.to) throw new ServiceError("bad_request", "from: must be before to", "from");
  const inRange = sql`${projectScope()} AND start_time >= ${time(query.from)} AND start_time < ${time(query.to)}`;

  const pricing = await pricingForSpans(ctx.projectId, sql`start_time >= ${time(query.from)} AND start_time < ${time(query.to)}`);

  const filters: Sql[] = [];
  if (query.tenant !== undefined) filters.push(sql`tenant_ = ${str(query.tenant)}`);
  if (query.feature !== undefined) filters.push(sql`feature_ = ${str(query.feature)}`);
  if (query.model !== undefined) filters.push(sql`pricing_model = ${str(query.model)}`);
  if (query.kind !== undefined) filters.push(sql`kind = ${str(query.kind)}`);
  const keys = [...(query.interval ? [`${BUCKET_SQL[query.interval]} AS bucket`] : []), ...query.groupBy.map((g) => `${GROUP_SQL[g]} AS ${g}`)];
  const groupBy = keys.length ? raw(`GROUP BY ${keys.map((k) => k.split(" AS ")[1]).join(", ")} ORDER BY cost DESC`) : raw("");

  const priced = sql`
    WITH ${pricing.withPrices}
    SELECT *, ${pricedSpanColumns}
    FROM (
      SELECT s.*, if(s.tenant != '', toString(s.tenant), t.tenant) AS tenant_, if(s.feature != '', toString(s.feature), t.feature) AS feature_
      FROM (SELECT * FROM spans WHERE ${inRange}) AS s
      LEFT JOIN (
        SELECT trace_id, argMaxMerge(tenant) AS tenant, argMaxMerge(feature) AS feature FROM traces
        WHERE ${projectScope()} AND trace_id IN (SELECT trace_id FROM trace_index WHERE ${inRange})
        GROUP BY trace_id
      ) AS t USING (trace_id)
    )`;

  const rows = await queryRows<Row>({
    projectId: ctx.projectId,
    tag: "cost.metrics",
    query: sql`
      SELECT ${raw(keys.length ? `${keys.join(", ")},` : "")}
             sum(cost_usd) AS cost, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
             sum(gpu_seconds) AS gpu_seconds, count() AS spans
      FROM (${priced}) ${filters.length ? sql`WHERE ${join(filters, " AND ")}` : sql``}
      ${groupBy}`,
  });
  const unpriced = await queryRows<{ model: string; kind: string; input_tokens: number; output_tokens: number; gpu_seconds: number; spans: number }>({
    projectId: ctx.projectId,
    tag: "cost.unpriced",
    query: sql`
      SELECT if(kind = 'gpu', toString(gpu_type), pricing_model) AS model, toString(kind) AS kind, sum(input_tokens) AS input_tokens,
             sum(output_tokens) AS output_tokens, sum(gpu_seconds) AS gpu_seconds, count() AS spans
      FROM (${priced}) WHERE unpriced ${filters.length ? sql`AND ${join(filters, " AND ")}` : sql``}
      GROUP BY model, kind ORDER BY input_tokens + output_tokens DESC`,
  });

  const data = rows.map((r): CostRow => {
    const out: Partial<Record<Group | "bucket", string>> = {};
    if (query.interval) out.bucket = fromClickHouseTime(String(r.bucket)).toISOString();
    for (const g of query.groupBy) out[g] = String(r[g]);
    return { ...out, costUsd: Number(r.cost), inputTokens: Number(r.input_tokens), outputTokens: Number(r.output_tokens), gpuSeconds: Number(r.gpu_seconds), spans: Number(r.spans) };
  });
  const totals = data.reduce(
    (t, r) => ({ costUsd: t.costUsd + r.costUsd, inputTokens: t.inputTokens + r.inputTokens, outputTokens: t.outputTokens + r.outputTokens, gpuSeconds: t.gpuSeconds + r.gpuSeconds, spans: t.spans + r.spans }),
    { costUsd: 0, inputTokens: 0, outputTokens: 0, gpuSeconds: 0, spans: 0 },
  );
  return {
    data,
    totals,
    unpriced: unpriced.map((u) => ({ model: u.model, kind: u.kind, inputTokens: Number(u.input_tokens), outputTokens: Number(u.output_tokens), gpuSeconds: Number(u.gpu_seconds), spans: Number(u.spans) })),
    catalogVersion: pricing.catalogVersion,
  };
}
