import "server-only";
import type { AlertRule } from "@/db/postgres/schema";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { ident, identFor, join, sql, str, time, type Sql } from "@/lib/clickhouse/sql";
import { costMetrics } from "@/lib/cost/cost-metrics";
import { budgetStatuses } from "@/lib/finance/budgets";
import { latestScores } from "@/lib/quality/latest-scores";
import { GROUP_COLUMN, GROUP_DIMENSIONS, type GroupDimension } from "./metric-catalog";
import { ruleFilter } from "./rules";
import { versionRegression } from "./version-regression";

// The current value of a rule's metric for each group, computed in ClickHouse. A group with no
// data in the window answers null (never breaching). Rollup metrics read `usage_hourly`, whose
// tenant and feature are the trace's (children inherit); windows there start at an hour boundary.

/** `volume`: what the value stands on (spans, scores), for a rule's minimum volume; absent when not counted. */
export type GroupValue = { group: Record<string, string>; value: number | null; volume?: number };
const HOUR_MS = 3_600_000;
const floorHour = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;

type Filter = AlertRule["filter"];

const FILTER_COLUMNS = ["tenant", "feature", "model", "kind"] as const;

function predicates(filter: Filter): Sql[] {
  const out: Sql[] = [];
  for (const key of FILTER_COLUMNS) {
    const value = filter[key];
    if (value !== undefined) out.push(sql`${ident(key, FILTER_COLUMNS)} = ${str(value)}`);
  }
  return out;
}

// The group's column and its alias (g_tenant): an alias apart from the column keeps GROUP BY on the text value.
const GROUP_ALIASES = GROUP_DIMENSIONS.map((d) => `g_${d}`);
const groupAlias = (d: string) => ident(`g_${d}`, GROUP_ALIASES);
const groupSelect = (dims: readonly string[]) =>
  dims.length
    ? sql`${join(
        dims.map((d) => sql`toString(${identFor(d, GROUP_COLUMN)}) AS ${groupAlias(d)}`),
        ", ",
      )}, `
    : sql``;
const groupBy = (dims: readonly string[]) =>
  dims.length
    ? sql`GROUP BY ${join(
        dims.map((d) => sql`${groupAlias(d)}`),
        ", ",
      )}`
    : sql``;
const groupOf = (dims: readonly string[], row: Record<string, unknown>) =>
  Object.fromEntries(dims.map((d) => [d, String(row[`g_${d}`] ?? "")]));

/** The window a rule reads: rollup metrics start on the hour. */
export function ruleWindow(rule: AlertRule, now: Date, rollup: boolean): { from: Date; to: Date } {
  const from = now.getTime() - rule.windowMinutes * 60_000;
  return { from: new Date(rollup ? floorHour(from) : from), to: now };
}

type UsageSums = { spans: number; errors: number; input: number; cached: number; tokens: number };

async function usageSums(
  rule: AlertRule,
  from: Date,
  to: Date,
): Promise<Array<{ group: Record<string, string> } & UsageSums>> {
  const dims = rule.groupBy as GroupDimension[];
  const rows = await queryRows<Record<string, unknown> & UsageSums>({
    projectId: rule.projectId,
    tag: "alerts.usage",
    query: sql`
      SELECT ${groupSelect(dims)} sum(spans) AS spans, sum(error_spans) AS errors, sum(input_tokens) AS input,
             sum(cached_input_tokens) AS cached, sum(input_tokens) + sum(output_tokens) AS tokens
      FROM ${tables.usage_hourly} WHERE ${join([sql`${tables.usage_hourly.scope}`, sql`hour >= ${time(from)}`, sql`hour < ${time(to)}`, ...predicates(rule.filter)], " AND ")}
      ${groupBy(dims)} HAVING spans > 0`,
  });
  return rows.map((r) => ({
    group: groupOf(dims, r),
    spans: Number(r.spans),
    errors: Number(r.errors),
    input: Number(r.input),
    cached: Number(r.cached),
    tokens: Number(r.tokens),
  }));
}

async function costByGroup(
  rule: AlertRule,
  from: Date,
  to: Date,
): Promise<Map<string, { group: Record<string, string>; cost: number }>> {
  const ctx = { projectId: rule.projectId, role: "admin" as const, actor: { type: "system" as const } };
  const dims = rule.groupBy as GroupDimension[];
  const result = await costMetrics({ ctx, query: { from, to, groupBy: dims, ...ruleFilter.parse(rule.filter) } });
  const out = new Map<string, { group: Record<string, string>; cost: number }>();
  for (const row of result.data as Array<Record<string, unknown> & { costUsd: number }>) {
    const group = Object.fromEntries(dims.map((d) => [d, String(row[d] ?? "")]));
    const key = JSON.stringify(group);
    out.set(key, { group, cost: (out.get(key)?.cost ?? 0) + row.costUsd });
  }
  return out;
}

async function latencyP99(rule: AlertRule, from: Date, to: Date): Promise<GroupValue[]> {
  const dims = rule.groupBy as GroupDimension[];
  // Whole requests are root spans; a model or kind narrows to the calls themselves.
  const scope = rule.filter.model || rule.filter.kind || dims.includes("model") ? sql`1` : sql`parent_span_id = ''`;
  const rows = await queryRows<Record<string, unknown> & { value: number; n: number }>({
    projectId: rule.projectId,
    tag: "alerts.latency",
    query: sql`SELECT ${groupSelect(dims)} quantile(0.99)(duration_ms) AS value, count() AS n FROM ${tables.spans}
      WHERE ${join([sql`${tables.spans.scope}`, sql`start_time >= ${time(from)}`, sql`start_time < ${time(to)}`, scope, ...predicates(rule.filter)], " AND ")} ${groupBy(dims)}`,
  });
  return rows.map((r) => ({ group: groupOf(dims, r), value: Number(r.value), volume: Number(r.n) }));
}

async function qualityAvg(rule: AlertRule, from: Date, to: Date): Promise<GroupValue[]> {
  const dims = rule.groupBy as GroupDimension[];
  const rows = await queryRows<Record<string, unknown> & { average: number | null; n: number }>({
    projectId: rule.projectId,
    tag: "alerts.quality",
    query: sql`SELECT ${groupSelect(dims)} avgIf(value, value IS NOT NULL) AS average, countIf(value IS NOT NULL) AS n
      FROM (${latestScores({ from, to, name: rule.scoreName ?? "", tenant: rule.filter.tenant, feature: rule.filter.feature, model: rule.filter.model })})
      ${groupBy(dims)} HAVING n > 0`,
  });
  return rows.map((r) => ({
    group: groupOf(dims, r),
    value: r.average === null ? null : Number(r.average),
    volume: Number(r.n),
  }));
}

async function ingestSilence(rule: AlertRule, now: Date): Promise<GroupValue[]> {
  const [row] = await queryRows<{ latest: string | null; n: number }>({
    projectId: rule.projectId,
    tag: "alerts.silence",
    query: sql`SELECT max(start_time) AS latest, count() AS n FROM ${tables.trace_index} WHERE ${tables.trace_index.scope} AND start_time >= ${time(new Date(now.getTime() - 30 * 86_400_000))}`,
  });
  if (!row || Number(row.n) === 0 || !row.latest) return [{ group: {}, value: null }];
  const latest = new Date(`${row.latest.replace(" ", "T")}Z`).getTime();
  return [{ group: {}, value: Math.max(0, (now.getTime() - latest) / 60_000) }];
}

/** One group per budget: {} for the project's, { tenant }, { feature } or { user } for the others. */
async function budgetValues(rule: AlertRule, now: Date): Promise<GroupValue[]> {
  const { tenant, feature } = rule.filter;
  const unfiltered = !tenant && !feature;
  return (await budgetStatuses(rule.projectId, now))
    .filter((b) =>
      b.scope === "project" || b.scope === "user"
        ? unfiltered
        : (b.scope === "tenant" ? tenant : feature) === b.subject || unfiltered,
    )
    .map((b) => ({
      group: b.scope === "project" ? {} : { [b.scope]: b.subject },
      value: rule.metric === "budget_used_pct" ? b.usedPct : b.forecastPct,
    }));
}

const pctChange = (now: number, before: number) => (before > 0 ? ((now - before) / before) * 100 : null);

export async function metricValues(rule: AlertRule, now = new Date()): Promise<GroupValue[]> {
  switch (rule.metric) {
    case "error_rate":
    case "cache_hit_rate": {
      const { from, to } = ruleWindow(rule, now, true);
      return (await usageSums(rule, from, to)).map((s) => ({
        group: s.group,
        value: rule.metric === "error_rate" ? s.errors / s.spans : s.input > 0 ? s.cached / s.input : null,
        volume: s.spans,
      }));
    }
    case "token_volume_change": {
      const { from, to } = ruleWindow(rule, now, true);
      const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
      const [current, previous] = await Promise.all([usageSums(rule, from, to), usageSums(rule, previousFrom, from)]);
      return current.map((s) => {
        const before = previous.find((p) => JSON.stringify(p.group) === JSON.stringify(s.group));
        return {
          group: s.group,
          value: before ? pctChange(s.tokens / s.spans, before.tokens / before.spans) : null,
          volume: s.spans,
        };
      });
    }
    case "cost_usd": {
      const { from, to } = ruleWindow(rule, now, true);
      return [...(await costByGroup(rule, from, to)).values()].map((c) => ({ group: c.group, value: c.cost }));
    }
    case "cost_change_wow": {
      const to = new Date(floorHour(now.getTime()));
      const weekAgo = new Date(to.getTime() - 7 * 86_400_000);
      const [current, previous] = await Promise.all([
        costByGroup(rule, weekAgo, to),
        costByGroup(rule, new Date(weekAgo.getTime() - 7 * 86_400_000), weekAgo),
      ]);
      return [...current.entries()].map(([key, c]) => ({
        group: c.group,
        value: pctChange(c.cost, previous.get(key)?.cost ?? 0),
      }));
    }
    case "latency_p99_ms": {
      const { from, to } = ruleWindow(rule, now, false);
      return latencyP99(rule, from, to);
    }
    case "quality_avg": {
      const { from, to } = ruleWindow(rule, now, false);
      return qualityAvg(rule, from, to);
    }
    case "ingest_silence_minutes":
      return ingestSilence(rule, now);
    case "version_regression": {
      const { from, to } = ruleWindow(rule, now, false);
      return versionRegression(rule, from, to);
    }
    case "budget_used_pct":
    case "budget_forecast_pct":
      return budgetValues(rule, now);
    default:
      throw new Error(`unknown metric ${rule.metric}`);
  }
}
