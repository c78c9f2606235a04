import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { sql } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { exponentialIncrements, type HistogramIncrement } from "./exponential-increments";
import { histogramQuantile, mergeHistograms, type BucketHistogram } from "./histogram-quantile";
import { incrementsSql } from "./increments-sql";
import { LATENCY_FIGURE_KEYS, LATENCY_FIGURES, TOKEN_USAGE_METRIC, type LatencyFigure } from "./metric-names";
import { metricsPeriod, type MetricsQuery } from "./metrics-query";

// GET /api/v1/metrics/serving: the serving engine's latency figures for a period (TTFT, TPOT,
// server request and client operation duration: p50 and p95 from the histograms' buckets, by
// model where the points carry one) and token usage from gen_ai.client.token.usage. Histograms
// are summed as per-series increments over the period (see increments-sql.ts), then merged.

export type LatencyStats = { count: number; p50Ms: number | null; p95Ms: number | null };
export type LatencyFigureResult = LatencyStats & {
  label: string;
  metrics: string[];
  byModel: Array<LatencyStats & { model: string }>;
};
export type ServingPoint = { bucket: string } & Partial<Record<`${LatencyFigure}${"P50Ms" | "P95Ms"}`, number | null>>;

const LATENCY_NAMES = LATENCY_FIGURE_KEYS.flatMap((key) => [...LATENCY_FIGURES[key].names]);
const FIGURE_OF = new Map<string, LatencyFigure>(
  LATENCY_FIGURE_KEYS.flatMap((key) => LATENCY_FIGURES[key].names.map((name) => [name, key] as const)),
);

/** Latency histograms arrive in seconds (the conventions' unit); a few emitters use ms or µs. */
const msFactor = (unit: string) => (unit === "ms" ? 1 : unit === "us" || unit === "µs" ? 0.001 : 1000);

type Row = { metric_name: string; model: string; unit: string; bounds: number[]; bucket: string; counts: number[] };

function stats(histograms: BucketHistogram[]): LatencyStats {
  const merged = mergeHistograms(histograms);
  const count = merged.counts.reduce((a, b) => a + b, 0);
  return { count, p50Ms: histogramQuantile(merged, 0.5), p95Ms: histogramQuantile(merged, 0.95) };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

type Entry = { figure: LatencyFigure; metricName: string; model: string; bucket: string; histogram: BucketHistogram };

export async function readServingMetrics({
  ctx,
  query,
  now,
}: {
  ctx: ProjectContext;
  query: MetricsQuery;
  now?: Date;
}) {
  requirePermission(ctx, "project.read");
  const period = metricsPeriod(query, now);
  const explicit = await queryRows<Row>({
    projectId: ctx.projectId,
    tag: "metrics.serving_latency",
    query: sql`
      SELECT metric_name, model, unit, bounds, toString(bucket) AS bucket, sumForEach(inc_counts) AS counts
      FROM (${incrementsSql({ names: LATENCY_NAMES, types: ["histogram"], period })})
      GROUP BY metric_name, model, unit, bounds, bucket`,
  });
  const exponential = await exponentialIncrements(ctx.projectId, [...LATENCY_NAMES, TOKEN_USAGE_METRIC], period);
  const toMs = (unit: string, h: BucketHistogram): BucketHistogram => ({
    bounds: h.bounds.map((b) => b * msFactor(unit)),
    counts: h.counts.map(Number),
  });
  const entries: Entry[] = [
    ...explicit.map((r) => ({
      metricName: r.metric_name,
      model: r.model,
      bucket: fromClickHouseTime(r.bucket).toISOString(),
      histogram: toMs(r.unit, { bounds: r.bounds, counts: r.counts }),
    })),
    ...exponential
      .filter((e) => FIGURE_OF.has(e.metricName))
      .map((e) => ({ ...e, histogram: toMs(e.unit, e.histogram) })),
  ].map((e) => ({ ...e, figure: FIGURE_OF.get(e.metricName)! }));

  const figures = Object.fromEntries(
    LATENCY_FIGURE_KEYS.map((key): [LatencyFigure, LatencyFigureResult] => {
      const mine = entries.filter((e) => e.figure === key);
      const byModel = [
        ...groupBy(
          mine.filter((e) => e.model),
          (e) => e.model,
        ),
      ].map(([model, list]) => ({ model, ...stats(list.map((e) => e.histogram)) }));
      return [
        key,
        {
          label: LATENCY_FIGURES[key].label,
          metrics: [...new Set(mine.map((e) => e.metricName))].sort(),
          ...stats(mine.map((e) => e.histogram)),
          byModel: byModel.sort((a, b) => b.count - a.count),
        },
      ];
    }),
  ) as Record<LatencyFigure, LatencyFigureResult>;

  const series: ServingPoint[] = [...groupBy(entries, (e) => e.bucket)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([bucket, list]) => {
      const point: ServingPoint = { bucket };
      for (const [figure, inFigure] of groupBy(list, (e) => e.figure)) {
        const s = stats(inFigure.map((e) => e.histogram));
        Object.assign(point, { [`${figure}P50Ms`]: s.p50Ms, [`${figure}P95Ms`]: s.p95Ms });
      }
      return point;
    });

  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    interval: period.interval,
    figures,
    series,
    tokens: await tokenUsage(ctx.projectId, period, exponential),
  };
}

async function tokenUsage(
  projectId: string,
  period: ReturnType<typeof metricsPeriod>,
  exponential: HistogramIncrement[],
) {
  const rows = await queryRows<{ model: string; token_type: string; tokens: number }>({
    projectId,
    tag: "metrics.serving_tokens",
    query: sql`
      SELECT model, attributes['gen_ai.token.type'] AS token_type, sum(inc_sum) AS tokens
      FROM (${incrementsSql({ names: [TOKEN_USAGE_METRIC], types: ["histogram"], period })})
      GROUP BY model, token_type`,
  });
  const all = [
    ...rows.map((r) => ({ model: r.model, tokenType: r.token_type, tokens: Number(r.tokens) })),
    ...exponential
      .filter((e) => e.metricName === TOKEN_USAGE_METRIC)
      .map((e) => ({ model: e.model, tokenType: e.tokenType, tokens: e.sum })),
  ];
  // `prompt`/`completion` are the names of the conventions before `input`/`output`.
  const side = (type: string) =>
    type === "input" || type === "prompt" ? "input" : type === "output" || type === "completion" ? "output" : null;
  const byModel = new Map<string, { model: string; inputTokens: number; outputTokens: number }>();
  for (const r of all) {
    const which = side(r.tokenType);
    if (!which) continue;
    const entry = byModel.get(r.model) ?? { model: r.model, inputTokens: 0, outputTokens: 0 };
    entry[which === "input" ? "inputTokens" : "outputTokens"] += r.tokens;
    byModel.set(r.model, entry);
  }
  const models = [...byModel.values()].sort(
    (a, b) => b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens),
  );
  return {
    inputTokens: models.reduce((t, m) => t + m.inputTokens, 0),
    outputTokens: models.reduce((t, m) => t + m.outputTokens, 0),
    byModel: models,
  };
}
