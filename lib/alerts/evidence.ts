import "server-only";
import type { AlertRule } from "@/db/postgres/schema";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { join, num, sql, str, time, type Sql } from "@/lib/clickhouse/sql";
import { latestScores } from "@/lib/quality/latest-scores";
import { env } from "@/lib/config/env";

// What a notification carries besides the number: a link to the traces behind it (the trace
// list, filtered) and the traces that contributed most: the latest failures for an error rate,
// the slowest for latency, the lowest-scoring for quality, the largest token users otherwise.

export type TopTrace = { traceId: string; name: string; detail: string; url: string };

export const appUrl = () => env().publicUrl;

export function tracesUrl(rule: AlertRule, group: Record<string, string>, from: Date): string {
  const params = new URLSearchParams();
  for (const key of ["tenant", "feature", "model", "kind"] as const) {
    const value = group[key] ?? rule.filter[key];
    if (value) params.set(key, value);
  }
  if (rule.metric === "error_rate") params.set("status", "error");
  params.set("from", from.toISOString());
  return `${appUrl()}/traces?${params.toString()}`;
}

export async function topTraces(
  rule: AlertRule,
  group: Record<string, string>,
  from: Date,
  to: Date,
): Promise<TopTrace[]> {
  const where = { ...rule.filter, ...group };
  const url = (id: string) => `${appUrl()}/traces/${id}`;
  if (rule.metric === "quality_avg") {
    const rows = await queryRows<{ trace_id: string; value: number; comment: string }>({
      projectId: rule.projectId,
      tag: "alerts.evidence.quality",
      query: sql`SELECT trace_id, value, comment FROM (${latestScores({ from, to, name: rule.scoreName ?? "", tenant: where.tenant, feature: where.feature, model: where.model })})
        WHERE value IS NOT NULL ORDER BY value ASC LIMIT ${num(5)}`,
    });
    return rows.map((r) => ({
      traceId: r.trace_id,
      name: "",
      detail: `${rule.scoreName} ${r.value}${r.comment ? `: ${r.comment}` : ""}`,
      url: url(r.trace_id),
    }));
  }
  if (rule.metric === "ingest_silence_minutes") return [];
  const having: Sql[] = [];
  if (where.tenant !== undefined) having.push(sql`tenant = ${str(where.tenant)}`);
  if (where.feature !== undefined) having.push(sql`feature = ${str(where.feature)}`);
  if (where.model !== undefined) having.push(sql`has(models, ${str(where.model)})`);
  if (group.user !== undefined) having.push(sql`user_id = ${str(group.user)}`);
  if (rule.metric === "error_rate") having.push(sql`errors > 0`);
  const order =
    rule.metric === "error_rate"
      ? sql`start DESC`
      : rule.metric === "latency_p99_ms"
        ? sql`duration_ms DESC`
        : sql`tokens DESC`;
  const rows = await queryRows<{
    trace_id: string;
    name: string;
    error: string;
    errors: number;
    tokens: number;
    duration_ms: number;
  }>({
    projectId: rule.projectId,
    tag: "alerts.evidence.traces",
    query: sql`
      SELECT trace_id, argMaxMerge(name) AS name, argMinMerge(tenant) AS tenant, argMinMerge(feature) AS feature, argMinMerge(user_id) AS user_id,
             groupUniqArrayArray(models) AS models, argMaxMerge(error_message) AS error, sum(error_count) AS errors, sum(input_tokens) + sum(output_tokens) AS tokens,
             min(start_time) AS start, dateDiff('millisecond', min(start_time), max(end_time)) AS duration_ms
      FROM ${tables.traces} WHERE ${tables.traces.scope} AND trace_id IN (
        SELECT trace_id FROM ${tables.trace_index} WHERE ${tables.trace_index.scope} AND start_time >= ${time(from)} AND start_time < ${time(to)}
      )
      GROUP BY trace_id ${having.length ? sql`HAVING ${join(having, " AND ")}` : sql``} ORDER BY ${order} LIMIT ${num(5)}`,
  });
  return rows.map((r) => ({
    traceId: r.trace_id,
    name: r.name,
    detail:
      rule.metric === "error_rate"
        ? r.error || "error"
        : rule.metric === "latency_p99_ms"
          ? `${r.duration_ms} ms`
          : `${r.tokens} tokens`,
    url: url(r.trace_id),
  }));
}
