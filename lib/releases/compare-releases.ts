import "server-only";
import { z } from "zod";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { num, sql, str, strs, time, type Sql } from "@/lib/clickhouse/sql";
import { compareArms, type Comparison, type Request } from "@/lib/domain/stats/release-verdict";
import { aggregateSpans } from "@/lib/domain/usage/usage-aggregates";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { loadPricing } from "@/lib/pricing/price-catalog";
import { spanCost } from "@/lib/pricing/price-span";
import { latestScores } from "@/lib/quality/latest-scores";

// Release comparison: the traces (requests) that used the baseline version against those that
// used the candidate, per feature, over a period. A version is a model, a prompt version (of one
// prompt name) or the value of any span or resource attribute (e.g. service.version). A trace
// that used both versions is left out. The newest MAX_TRACES traces of the period are read.

export const MAX_TRACES = 20_000;

export const releaseQuery = z
  .object({
    by: z.enum(["model", "prompt", "attribute"]),
    /** The prompt's name (by=prompt) or the attribute's key (by=attribute). */
    key: z.string().trim().max(200).default(""),
    baseline: z.string().trim().min(1).max(200),
    candidate: z.string().trim().min(1).max(200),
    from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    feature: z.string().trim().max(200).optional(),
  })
  .refine((q) => q.by === "model" || q.key !== "", { path: ["key"], message: "names the prompt or the attribute" })
  .refine((q) => q.baseline !== q.candidate, { path: ["candidate"], message: "must differ from baseline" })
  .refine((q) => q.from < q.to, { path: ["to"], message: "must be after from" });
export type ReleaseQuery = z.infer<typeof releaseQuery>;

function matches(q: ReleaseQuery, version: string): Sql {
  if (q.by === "model") return sql`(model = ${str(version)} OR (model = '' AND response_model = ${str(version)}))`;
  if (q.by === "prompt") return sql`(prompt_name = ${str(q.key)} AND prompt_version = ${str(version)})`;
  return sql`(attributes[${str(q.key)}] = ${str(version)} OR resource_attributes[${str(q.key)}] = ${str(version)})`;
}

type SpanFacts = {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  kind: string;
  feature: string;
  status: string;
  start_time: string;
  end_time: string;
  model: string;
  response_model: string;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  gpu_type: string;
  gpu_seconds: number;
  reported_cost_usd: number | null;
};

/** The traces of each arm in the period: trace id → "baseline" | "candidate". */
async function arms(projectId: string, q: ReleaseQuery): Promise<Map<string, "baseline" | "candidate">> {
  const b = matches(q, q.baseline);
  const c = matches(q, q.candidate);
  const rows = await queryRows<{ trace_id: string; b: number; c: number }>({
    projectId,
    tag: "releases.arms",
    query: sql`
      SELECT trace_id, max(${b}) AS b, max(${c}) AS c FROM ${tables.spans}
      WHERE ${tables.spans.scope} AND start_time >= ${time(q.from)} AND start_time < ${time(q.to)} AND (${b} OR ${c})
      GROUP BY trace_id ORDER BY max(start_time) DESC LIMIT ${num(MAX_TRACES)}`,
  });
  const out = new Map<string, "baseline" | "candidate">();
  for (const r of rows) if (Number(r.b) !== Number(r.c)) out.set(r.trace_id, Number(r.b) ? "baseline" : "candidate");
  return out;
}

/** Each trace as one request: its feature, failure, duration, counted tokens and cost, latest scores. */
async function requests(projectId: string, q: ReleaseQuery, ids: string[]) {
  if (ids.length === 0) return new Map<string, Request & { feature: string }>();
  const [spans, scores, pricing] = await Promise.all([
    queryRows<SpanFacts>({
      projectId,
      tag: "releases.spans",
      query: sql`
        SELECT trace_id, span_id, parent_span_id, kind, feature, status, start_time, end_time, model, response_model,
               input_tokens, output_tokens, cached_input_tokens, gpu_type, gpu_seconds, reported_cost_usd
        FROM ${tables.spans} WHERE ${tables.spans.scope} AND trace_id IN ${strs(ids)}
        ORDER BY trace_id, span_id, ingested_at DESC LIMIT 1 BY trace_id, span_id`,
    }),
    queryRows<{ trace_id: string; name: string; mean: number }>({
      projectId,
      tag: "releases.scores",
      query: sql`
        SELECT trace_id, name, avg(value) AS mean FROM (${latestScores({ from: q.from, to: q.to })})
        WHERE trace_id IN ${strs(ids)} AND isNotNull(value) GROUP BY trace_id, name`,
    }),
    loadPricing(projectId),
  ]);
  const byTrace = new Map<string, SpanFacts[]>();
  for (const s of spans) byTrace.set(s.trace_id, [...(byTrace.get(s.trace_id) ?? []), s]);
  const out = new Map<string, Request & { feature: string }>();
  for (const [traceId, list] of byTrace) {
    const aggregates = aggregateSpans(list);
    const counted = list.filter((s) => !aggregates.has(s));
    const costs = counted.map((s) => spanCost(s, pricing)).filter((c): c is number => c !== null);
    const sorted = [...list].sort((a, b) => a.start_time.localeCompare(b.start_time));
    const start = fromClickHouseTime(sorted[0]!.start_time).getTime();
    const end = Math.max(...list.map((s) => fromClickHouseTime(s.end_time).getTime()));
    out.set(traceId, {
      feature: (sorted.find((s) => !s.parent_span_id && s.feature) ?? sorted.find((s) => s.feature))?.feature ?? "",
      failed: list.some((s) => s.status === "error"),
      latencyMs: end - start,
      tokens: counted.reduce((t, s) => t + Number(s.input_tokens) + Number(s.output_tokens), 0),
      costUsd: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
      scores: {},
    });
  }
  for (const s of scores) {
    const r = out.get(s.trace_id);
    if (r) r.scores[s.name] = Number(s.mean);
  }
  return out;
}

export type FeatureComparison = Comparison & { feature: string };

/** For the checked verb and the version_regression alert rule: the comparison of one project. */
export async function releaseComparison(projectId: string, query: ReleaseQuery) {
  const arm = await arms(projectId, query);
  const all = await requests(projectId, query, [...arm.keys()]);
  const groups = new Map<string, { baseline: Request[]; candidate: Request[] }>();
  const total = { baseline: [] as Request[], candidate: [] as Request[] };
  for (const [traceId, r] of all) {
    if (query.feature !== undefined && query.feature !== "" && r.feature !== query.feature) continue;
    const side = arm.get(traceId)!;
    const group = groups.get(r.feature) ?? { baseline: [], candidate: [] };
    group[side].push(r);
    groups.set(r.feature, group);
    total[side].push(r);
  }
  const features: FeatureComparison[] = [...groups.entries()]
    .map(([feature, g]) => ({ feature, ...compareArms(g.baseline, g.candidate) }))
    .sort((a, b) => b.baseline.requests + b.candidate.requests - (a.baseline.requests + a.candidate.requests));
  return {
    by: query.by,
    key: query.key,
    baseline: query.baseline,
    candidate: query.candidate,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    truncated: arm.size >= MAX_TRACES,
    overall: compareArms(total.baseline, total.candidate),
    features,
  };
}

/** Per feature (and for all of them together), the candidate against the baseline, with the verdict. */
export async function compareReleases({ ctx, query }: { ctx: ProjectContext; query: ReleaseQuery }) {
  requirePermission(ctx, "project.read");
  return releaseComparison(ctx.projectId, query);
}
