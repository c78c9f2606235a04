import "server-only";
import { queryRows } from "@/lib/clickhouse/query";
import { sql, time } from "@/lib/clickhouse/sql";
import { tables } from "@/lib/clickhouse/tables";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { latestScores } from "@/lib/quality/latest-scores";

// A feature's figures over a window, the ones its baseline holds: cost per request (cost of the
// feature's usage ÷ its requests, i.e. root spans), error rate of the requests, p95 of their
// duration (the t-digest of request_stats_hourly) and quality (mean of the latest numeric scores
// of every name on its traces). Windows are whole hours, the rollups' grain.

export type FeatureFigures = {
  requests: number;
  costUsd: number;
  costPerRequestUsd: number | null;
  errorRate: number | null;
  p95Ms: number | null;
  quality: number | null;
};

const round = (n: number) => Math.round(n * 1e9) / 1e9;

/** Figures per feature for [from, to); a feature with neither requests nor cost is absent. For callers without a role. */
export async function featureFigures(projectId: string, from: Date, to: Date): Promise<Map<string, FeatureFigures>> {
  const ctx = { projectId, role: "admin" as const, actor: { type: "system" as const } };
  const [requests, cost, scores] = await Promise.all([
    queryRows<{ feature: string; requests: number; errors: number; q: number[] }>({
      projectId,
      tag: "finance.feature_figures",
      query: sql`
        SELECT toString(feature) AS feature, sum(requests) AS requests, sum(errors) AS errors,
               quantilesTDigestMerge(0.5, 0.95, 0.99)(duration_ms) AS q
        FROM ${tables.request_stats_hourly}
        WHERE ${tables.request_stats_hourly.scope} AND hour >= ${time(from)} AND hour < ${time(to)}
        GROUP BY feature`,
    }),
    costMetrics({ ctx, query: { from, to, groupBy: ["feature"] } }),
    queryRows<{ feature: string; quality: number | null }>({
      projectId,
      tag: "finance.feature_quality",
      query: sql`SELECT toString(feature) AS feature, avg(value) AS quality FROM (${latestScores({ from, to })}) GROUP BY feature`,
    }),
  ]);
  const features = new Set([...requests.map((r) => r.feature), ...cost.data.map((c) => c.feature ?? "")]);
  const out = new Map<string, FeatureFigures>();
  for (const feature of features) {
    const r = requests.find((x) => x.feature === feature);
    const n = Number(r?.requests ?? 0);
    const costUsd = cost.data.filter((c) => (c.feature ?? "") === feature).reduce((s, c) => s + c.costUsd, 0);
    const quality = scores.find((x) => x.feature === feature)?.quality;
    out.set(feature, {
      requests: n,
      costUsd: round(costUsd),
      costPerRequestUsd: n > 0 ? round(costUsd / n) : null,
      errorRate: n > 0 ? round(Number(r!.errors) / n) : null,
      p95Ms: n > 0 && r!.q.length ? round(Number(r!.q[1])) : null,
      quality:
        quality === null || quality === undefined || Number.isNaN(Number(quality)) ? null : round(Number(quality)),
    });
  }
  return out;
}

/** The first hour each feature had a request (root span), over all the project's stored history. */
export async function featureFirstSeen(projectId: string): Promise<Map<string, Date>> {
  const rows = await queryRows<{ feature: string; first: string }>({
    projectId,
    tag: "finance.feature_first_seen",
    query: sql`
      SELECT toString(feature) AS feature, min(hour) AS first FROM ${tables.request_stats_hourly}
      WHERE ${tables.request_stats_hourly.scope} AND feature != '' GROUP BY feature`,
  });
  return new Map(rows.map((r) => [r.feature, new Date(`${r.first.replace(" ", "T")}Z`)]));
}
