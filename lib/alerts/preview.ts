import "server-only";
import type { AlertRule, AlertStateName } from "@/db/postgres/schema";
import { advance, breaches, keyOf } from "./evaluate";
import { conditionValues } from "./relative";

// The metric of a rule over time, per group: for the sparkline on /alerts and for the editor's
// "what would this rule have done over the last 7 days" (the same state machine replayed over
// the points, without notifying anyone). Points are evaluated like the evaluator does, a few at
// a time.

export type SeriesPoint = { at: string; values: Record<string, number | null> };
const CONCURRENCY = 4;

export async function metricSeries(
  rule: AlertRule,
  { to = new Date(), points, stepMs }: { to?: Date; points: number; stepMs: number },
) {
  const times = Array.from({ length: points }, (_, i) => new Date(to.getTime() - (points - 1 - i) * stepMs));
  const results: Array<Awaited<ReturnType<typeof conditionValues>>> = new Array(times.length);
  for (let i = 0; i < times.length; i += CONCURRENCY) {
    const batch = await Promise.all(times.slice(i, i + CONCURRENCY).map((t) => conditionValues(rule, t)));
    batch.forEach((values, j) => (results[i + j] = values));
  }
  const groups = new Map<string, Record<string, string>>();
  const series: SeriesPoint[] = times.map((t, i) => {
    const values: Record<string, number | null> = {};
    for (const v of results[i]!) {
      const key = keyOf(v.group);
      groups.set(key, v.group);
      values[key] = v.value;
    }
    return { at: t.toISOString(), values };
  });
  return {
    groups: [...groups.entries()].map(([key, group]) => ({ key, group })),
    series,
    threshold: rule.threshold,
    comparator: rule.comparator,
    /** How the values read (lib/format): the metric's unit, or a change against the baseline. */
    metric: rule.metric,
    baseline: rule.baseline,
    changeUnit: rule.changeUnit,
  };
}

/** Replays the rule over the last 7 days: when each group would have fired and resolved. */
export async function previewRule(rule: AlertRule, now = new Date()) {
  const stepMs = rule.metric === "cost_change_wow" ? 86_400_000 : Math.max(rule.windowMinutes * 60_000, 2 * 3_600_000);
  const points = Math.min(84, Math.floor((7 * 86_400_000) / stepMs));
  const { groups, series } = await metricSeries(rule, { to: now, points, stepMs });
  const events: Array<{ at: string; groupKey: string; kind: "firing" | "resolved"; value: number | null }> = [];
  for (const { key } of groups) {
    const state = { state: "ok" as AlertStateName, breaches: 0, recoveries: 0 };
    for (const point of series) {
      const value = point.values[key] ?? null;
      const event = advance(state, breaches(rule, value), rule);
      if (event) events.push({ at: point.at, groupKey: key, kind: event, value });
    }
  }
  return {
    groups,
    series,
    events,
    stepMinutes: stepMs / 60_000,
    notifications:
      rule.tier === "dashboard" ? 0 : events.filter((e) => rule.tier === "page" || e.kind === "firing").length,
  };
}
