import "server-only";
import { z } from "zod";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { queryRows } from "@/lib/clickhouse/query";
import { direction, num, sql, strs, time, type Sql, type SortDirection } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { EXPLORER_RANGES } from "@/lib/cost/cost-explorer";
import { orphanedScores } from "@/lib/scores/resolve-scores";
import { lowerIsBetter } from "@/lib/domain/scores/score-row";
import { dimensionColumn, latestScores, type QualityFilter } from "./latest-scores";

// The /quality page: per score name the average against the previous period; for one chosen
// score, its average over time split by model, prompt version, feature or tenant, its
// distribution, the lowest-scoring traces, and two models or prompt versions side by side.
// Every figure is aggregated in ClickHouse from the latest version of each score.

export const SPLIT_DIMENSIONS = ["model", "promptVersion", "feature", "tenant"] as const;
export const COMPARE_DIMENSIONS = ["model", "promptVersion"] as const;
const SERIES_GROUPS = 6;
const BINS = 10;
const DAY_MS = 86_400_000;

const text = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => v || undefined);
/** URL state; a malformed value falls back to its default rather than failing the page. */
export const qualityParams = z.object({
  range: z.enum(Object.keys(EXPLORER_RANGES) as [keyof typeof EXPLORER_RANGES]).catch("7d"),
  name: text.catch(undefined),
  split: z.enum(SPLIT_DIMENSIONS).catch("model"),
  model: text.catch(undefined),
  promptVersion: text.catch(undefined),
  feature: text.catch(undefined),
  tenant: text.catch(undefined),
  source: text.catch(undefined),
  compare: z.enum(COMPARE_DIMENSIONS).catch("model"),
  a: text.catch(undefined),
  b: text.catch(undefined),
});
export type QualityParams = z.infer<typeof qualityParams>;

type Stat = { avg: number | null; count: number };
const avgOf = (sum: number, n: number) => (n > 0 ? sum / n : null);
const changeOf = (now: number | null, before: number | null) => (now === null || before === null ? null : now - before);

function query<Row>(ctx: ProjectContext, tag: string, q: Sql) {
  return queryRows<Row>({ projectId: ctx.projectId, tag: `quality.${tag}`, query: q });
}

async function summaries(ctx: ProjectContext, filter: QualityFilter, previousFrom: Date) {
  const rows = await query<{ name: string; sources: string[]; period: string; s: number; n: number; count: number }>(
    ctx,
    "summary",
    sql`
    SELECT name, groupUniqArray(source) AS sources, if(t >= ${time(filter.from)}, 'now', 'before') AS period,
           sumIf(value, value IS NOT NULL) AS s, countIf(value IS NOT NULL) AS n, count() AS count
    FROM (${latestScores({ ...filter, name: undefined, from: previousFrom })}) GROUP BY name, period ORDER BY name`,
  );
  const byName = new Map<string, { name: string; sources: Set<string>; now: Stat; before: Stat }>();
  for (const r of rows) {
    const entry = byName.get(r.name) ?? {
      name: r.name,
      sources: new Set<string>(),
      now: { avg: null, count: 0 },
      before: { avg: null, count: 0 },
    };
    r.sources.forEach((s) => entry.sources.add(s));
    entry[r.period === "now" ? "now" : "before"] = { avg: avgOf(Number(r.s), Number(r.n)), count: Number(r.count) };
    byName.set(r.name, entry);
  }
  return [...byName.values()]
    .filter((e) => e.now.count > 0 || e.before.count > 0)
    .map((e) => {
      const sources = [...e.sources].sort();
      const worseWhenUp = sources.every((s) => lowerIsBetter(e.name, s));
      const change = changeOf(e.now.avg, e.before.avg);
      // A move of at least 0.05 in the bad direction is flagged: scores are usually 0..1 or rates.
      const worse = change !== null && (worseWhenUp ? change >= 0.05 : change <= -0.05);
      return {
        name: e.name,
        sources,
        lowerIsBetter: worseWhenUp,
        avg: e.now.avg,
        count: e.now.count,
        previousAvg: e.before.avg,
        previousCount: e.before.count,
        change,
        worse,
      };
    });
}

async function series(ctx: ProjectContext, filter: QualityFilter, split: string, interval: "hour" | "day") {
  const bucket = interval === "hour" ? sql`toStartOfHour(t)` : sql`toStartOfDay(t)`;
  const rows = await query<{ bucket: string; key: string; s: number; n: number }>(
    ctx,
    "series",
    sql`
    SELECT ${bucket} AS bucket, ${dimensionColumn(split)} AS key,
           sumIf(value, value IS NOT NULL) AS s, countIf(value IS NOT NULL) AS n
    FROM (${latestScores(filter)}) GROUP BY bucket, key ORDER BY bucket`,
  );
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + Number(r.n));
  const top = [...totals.entries()]
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, SERIES_GROUPS)
    .map(([k]) => k);
  const label = (key: string) => (top.includes(key) ? key || "(none)" : "other");
  const points = new Map<string, Record<string, { s: number; n: number }>>();
  for (const r of rows) {
    const point = points.get(r.bucket) ?? {};
    const slot = (point[label(r.key)] ??= { s: 0, n: 0 });
    slot.s += Number(r.s);
    slot.n += Number(r.n);
    points.set(r.bucket, point);
  }
  const keys = [...new Set([...top.map(label), ...(totals.size > top.length ? ["other"] : [])])];
  return {
    keys,
    points: [...points.entries()].map(([b, groups]) => ({
      bucket: fromClickHouseTime(b).toISOString(),
      ...Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, avgOf(v.s, v.n)])),
    })),
  };
}

/** Histogram of numeric values (0..1 in tenths when every value lies there), or label counts; per split group. */
async function distribution(ctx: ProjectContext, filter: QualityFilter, split: string, groups: string[]) {
  const column = dimensionColumn(split);
  const [range] = await query<{ lo: number | null; hi: number | null; n: number }>(
    ctx,
    "range",
    sql`
    SELECT min(value) AS lo, max(value) AS hi, countIf(value IS NOT NULL) AS n FROM (${latestScores(filter)})`,
  );
  const keyed = groups.filter((g) => g !== "other").map((g) => (g === "(none)" ? "" : g));
  const groupOf = sql`if(${column} IN ${strs(keyed)}, ${column}, 'other')`;
  if (!range || Number(range.n) === 0) {
    const labels = await query<{ bin: string; key: string; count: number }>(
      ctx,
      "labels",
      sql`
      SELECT label AS bin, ${groupOf} AS key, count() AS count FROM (${latestScores(filter)}) WHERE label != '' GROUP BY bin, key ORDER BY bin`,
    );
    return { kind: "labels" as const, bins: pivot(labels) };
  }
  const unit = Number(range.lo) >= 0 && Number(range.hi) <= 1;
  const lo = unit ? 0 : Number(range.lo);
  const width = unit ? 1 / BINS : Math.max((Number(range.hi) - lo) / BINS, Number.EPSILON);
  const rows = await query<{ bin: number; key: string; count: number }>(
    ctx,
    "histogram",
    sql`
    SELECT least(${num(BINS - 1)}, toUInt32(floor((value - ${num(lo)}) / ${num(width)}))) AS bin, ${groupOf} AS key, count() AS count
    FROM (${latestScores(filter)}) WHERE value IS NOT NULL GROUP BY bin, key ORDER BY bin`,
  );
  const binName = (i: number) => `${Number((lo + i * width).toFixed(3))}–${Number((lo + (i + 1) * width).toFixed(3))}`;
  const named = rows.map((r) => ({ ...r, bin: binName(Number(r.bin)) }));
  // Every bin is listed, empty ones with zero counts, so that the x axis stays linear.
  const filled = pivot(named);
  const byName = new Map(filled.map((b) => [b.bin, b]));
  return {
    kind: "histogram" as const,
    bins: Array.from({ length: BINS }, (_, i) => byName.get(binName(i)) ?? { bin: binName(i) }),
  };
}

function pivot(rows: Array<{ bin: string; key: string; count: number }>) {
  const bins = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const bin = bins.get(r.bin) ?? {};
    bin[r.key || "(none)"] = (bin[r.key || "(none)"] ?? 0) + Number(r.count);
    bins.set(r.bin, bin);
  }
  return [...bins.entries()].map(([bin, counts]) => ({ bin, ...counts }));
}

async function lowest(ctx: ProjectContext, filter: QualityFilter, worstFirst: SortDirection) {
  const rows = await query<{
    trace_id: string;
    span_id: string;
    value: number | null;
    label: string;
    comment: string;
    source: string;
    model: string;
    feature: string;
    tenant: string;
    prompt: string;
    t: string;
  }>(
    ctx,
    "lowest",
    sql`
    SELECT trace_id, span_id, value, label, comment, source, model, feature, tenant, prompt, t FROM (${latestScores(filter)})
    WHERE value IS NOT NULL ORDER BY value ${direction(worstFirst)}, t DESC LIMIT ${num(20)}`,
  );
  return rows.map((r) => ({
    traceId: r.trace_id,
    spanId: r.span_id || null,
    value: r.value,
    label: r.label || null,
    source: r.source,
    // Comments are free text about the payload (judge reasons, explanations): as in lib/scores/trace-scores.ts.
    comment: can(ctx.role, "payloads.read") ? r.comment || null : null,
    model: r.model,
    feature: r.feature,
    tenant: r.tenant,
    promptVersion: r.prompt,
    time: fromClickHouseTime(r.t).toISOString(),
  }));
}

/** The models scored in the period, each with the served names (dated snapshots) it stands for. */
async function modelSnapshots(ctx: ProjectContext, filter: QualityFilter) {
  const rows = await query<{ family: string; served: string[] }>(
    ctx,
    "models",
    sql`
    SELECT model_family AS family, groupUniqArray(toString(model)) AS served FROM (${latestScores({ ...filter, model: undefined })})
    WHERE model_family != '' GROUP BY model_family ORDER BY model_family`,
  );
  return rows.map((r) => ({ model: r.family, snapshots: [...r.served].sort() }));
}

/** Every score name for two values of a dimension, and which values exist to choose from. */
async function sideBySide(ctx: ProjectContext, filter: QualityFilter, params: QualityParams) {
  const column = dimensionColumn(params.compare);
  const options = await query<{ key: string; n: number }>(
    ctx,
    "compare.options",
    sql`
    SELECT ${column} AS key, count() AS n FROM (${latestScores({ ...filter, [params.compare]: undefined })}) WHERE key != ''
    GROUP BY key ORDER BY n DESC, key LIMIT ${num(50)}`,
  );
  const a = params.a ?? options[0]?.key;
  const b = params.b ?? options.find((o) => o.key !== a)?.key;
  if (!a || !b)
    return { dimension: params.compare, options: options.map((o) => o.key), a: a ?? null, b: b ?? null, rows: [] };
  const rows = await query<{ name: string; key: string; s: number; n: number; count: number }>(
    ctx,
    "compare",
    sql`
    SELECT name, ${column} AS key, sumIf(value, value IS NOT NULL) AS s, countIf(value IS NOT NULL) AS n, count() AS count
    FROM (${latestScores({ ...filter, name: undefined, [params.compare]: undefined })}) WHERE key IN ${strs([a, b])}
    GROUP BY name, key ORDER BY name`,
  );
  const names = [...new Set(rows.map((r) => r.name))];
  const stat = (name: string, key: string): Stat => {
    const r = rows.find((x) => x.name === name && x.key === key);
    return r ? { avg: avgOf(Number(r.s), Number(r.n)), count: Number(r.count) } : { avg: null, count: 0 };
  };
  return {
    dimension: params.compare,
    options: options.map((o) => o.key),
    a,
    b,
    rows: names.map((name) => {
      const left = stat(name, a);
      const right = stat(name, b);
      return { name, a: left, b: right, difference: changeOf(right.avg, left.avg) };
    }),
  };
}

export async function qualityView({
  ctx,
  params,
  now = new Date(),
}: {
  ctx: ProjectContext;
  params: QualityParams;
  now?: Date;
}) {
  requirePermission(ctx, "project.read");
  const days = EXPLORER_RANGES[params.range];
  const to = now;
  const from = new Date(to.getTime() - days * DAY_MS);
  const previousFrom = new Date(from.getTime() - days * DAY_MS);
  const filter: QualityFilter = {
    from,
    to,
    model: params.model,
    promptVersion: params.promptVersion,
    feature: params.feature,
    tenant: params.tenant,
    source: params.source,
  };
  const [summary, orphans, models] = await Promise.all([
    summaries(ctx, filter, previousFrom),
    orphanedScores(ctx.projectId, { limit: 20, now }),
    modelSnapshots(ctx, filter),
  ]);
  const selected =
    summary.find((s) => s.name === params.name) ?? summary.find((s) => s.count > 0 && !s.lowerIsBetter) ?? summary[0];
  if (!selected) return { from: from.toISOString(), to: to.toISOString(), summary, models, selected: null, orphans };
  const one = { ...filter, name: selected.name };
  const interval = days <= 1 ? ("hour" as const) : ("day" as const);
  const trend = await series(ctx, one, params.split, interval);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    summary,
    models,
    selected: {
      ...selected,
      interval,
      series: trend,
      distribution: await distribution(ctx, one, params.split, trend.keys),
      lowest: await lowest(ctx, one, selected.lowerIsBetter ? "desc" : "asc"),
      compare: await sideBySide(ctx, one, params),
    },
    orphans,
  };
}
export type QualityView = Awaited<ReturnType<typeof qualityView>>;
