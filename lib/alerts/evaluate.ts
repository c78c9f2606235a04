import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { ServiceError } from "@/lib/api/errors";
import { db, schema } from "@/db/postgres/client";
import type { AlertRule, AlertStateName } from "@/db/postgres/schema";
import { channelsForDelivery } from "./channels";
import { deliver, summaryLine, type Notification } from "./deliver";
import { topTraces, tracesUrl } from "./evidence";
import { formatWindow, METRIC_SPECS, type AlertMetric } from "./metric-catalog";
import { metricValues, ruleWindow } from "./metric-values";
import { ownerOf } from "./owners";
import { storedRuleProblem } from "./rules";
import { noteConditionResolved, openOrRefire } from "./tickets";
import { log } from "@/lib/log/logger";

// One evaluation of one rule: the metric per group, then a state machine per (rule, group):
// ok → firing after `minBreaches` breaching evaluations in a row, firing → resolved after
// `minRecoveries` clear ones, so a flapping metric does not notify on every swing. Page-tier
// rules notify on firing and on resolving; ticket-tier rules open (or add to) one ticket per
// firing group and notify on firing; dashboard-tier rules only show.

export type GroupState = {
  groupKey: string;
  group: Record<string, string>;
  state: AlertStateName;
  value: number | null;
  breaching: boolean;
  breaches: number;
  recoveries: number;
};

export const keyOf = (group: Record<string, string>) =>
  Object.entries(group)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("|");
export const breaches = (rule: Pick<AlertRule, "comparator" | "threshold">, value: number | null) =>
  value !== null && (rule.comparator === "gt" ? value > rule.threshold : value < rule.threshold);

async function announce(rule: AlertRule, s: GroupState, kind: "firing" | "resolved", now: Date): Promise<void> {
  const rollup = ["error_rate", "cache_hit_rate", "token_volume_change", "cost_usd"].includes(rule.metric);
  const { from, to } =
    rule.metric === "cost_change_wow"
      ? { from: new Date(now.getTime() - 7 * 86_400_000), to: now }
      : ruleWindow(rule, now, rollup);
  const feature = s.group.feature ?? rule.filter.feature;
  const featureOwner = await ownerOf(rule.projectId, feature);
  const owner = rule.owner ?? featureOwner?.ownerEmail ?? null;
  const notification: Notification = {
    eventId: randomUUID(),
    kind,
    rule: { id: rule.id, name: rule.name, tier: rule.tier, metric: rule.metric },
    group: s.group,
    groupKey: s.groupKey,
    value: s.value,
    threshold: rule.threshold,
    comparator: rule.comparator,
    window: formatWindow(rule.windowMinutes),
    owner,
    escalation: featureOwner?.escalationEmail ?? null,
    tracesUrl: tracesUrl(rule, s.group, from),
    topTraces: kind === "firing" ? await topTraces(rule, s.group, from, to) : [],
    at: now.toISOString(),
  };
  const evidence = {
    ...notification,
    summary: summaryLine(notification),
    unit: METRIC_SPECS[rule.metric as AlertMetric].unit,
  };
  await (await db()).insert(schema.alertEvents).values({
    id: notification.eventId,
    projectId: rule.projectId,
    ruleId: rule.id,
    groupKey: s.groupKey,
    kind,
    value: s.value,
    threshold: rule.threshold,
    evidence,
    at: now,
  });
  if (rule.tier === "dashboard") return;
  if (rule.tier === "ticket") {
    if (kind === "firing")
      await openOrRefire({
        projectId: rule.projectId,
        ruleId: rule.id,
        groupKey: s.groupKey,
        title: evidence.summary.replace(/^\[FIRING\] /, ""),
        assignee: owner,
        evidence,
      });
    else await noteConditionResolved(rule.id, s.groupKey, evidence.summary);
  }
  if (rule.tier === "page" || kind === "firing")
    deliver(await channelsForDelivery(rule.projectId, rule.channelIds), notification);
}

type Counters = Pick<GroupState, "state" | "breaches" | "recoveries">;

/** One evaluation's move of the state machine; answers the event it causes, if any. Shared with the preview. */
export function advance(
  s: Counters,
  breaching: boolean,
  rule: Pick<AlertRule, "minBreaches" | "minRecoveries">,
): "firing" | "resolved" | null {
  if (s.state === "firing") {
    s.recoveries = breaching ? 0 : s.recoveries + 1;
    if (s.recoveries < rule.minRecoveries) return null;
    s.state = "resolved";
    s.breaches = 0;
    return "resolved";
  }
  s.breaches = breaching ? s.breaches + 1 : 0;
  s.recoveries = 0;
  if (s.breaches < rule.minBreaches) return null;
  s.state = "firing";
  return "firing";
}

export async function evaluateRule(rule: AlertRule, now = new Date()): Promise<GroupState[]> {
  const problem = storedRuleProblem(rule);
  if (problem) throw new ServiceError("conflict", problem, problem.split(/[.:]/)[0]);
  const values = await metricValues(rule, now);
  const database = await db();
  const stored = await database.select().from(schema.alertStates).where(eq(schema.alertStates.ruleId, rule.id));
  const groups = new Map<string, { group: Record<string, string>; value: number | null }>();
  for (const v of values) groups.set(keyOf(v.group), v);
  // A group that stopped reporting counts as clear, so a firing group can resolve.
  for (const s of stored)
    if (!groups.has(s.groupKey) && (s.state === "firing" || s.breaches > 0))
      groups.set(s.groupKey, { group: s.group, value: null });

  const result: GroupState[] = [];
  for (const [groupKey, { group, value }] of groups) {
    const before = stored.find((s) => s.groupKey === groupKey);
    const breaching = breaches(rule, value);
    const s: GroupState = {
      groupKey,
      group,
      value,
      breaching,
      state: before?.state ?? "ok",
      breaches: before?.breaches ?? 0,
      recoveries: before?.recoveries ?? 0,
    };
    const event = advance(s, breaching, rule);
    const row = {
      group,
      state: s.state,
      breaches: s.breaches,
      recoveries: s.recoveries,
      lastValue: value,
      lastEvaluatedAt: now,
      ...(event === "firing" ? { firedAt: now } : {}),
      ...(event === "resolved" ? { resolvedAt: now } : {}),
    };
    await database
      .insert(schema.alertStates)
      .values({ ruleId: rule.id, groupKey, ...row })
      .onConflictDoUpdate({ target: [schema.alertStates.ruleId, schema.alertStates.groupKey], set: row });
    if (event) await announce(rule, s, event, now);
    result.push(s);
  }
  return result.sort((a, b) => a.groupKey.localeCompare(b.groupKey));
}

/**
 * Every enabled rule of a project; one failing rule is logged and does not stop the others. Its
 * error stays on the rule (`last_error`, shown with the rule) until an evaluation succeeds.
 */
export async function evaluateProject(projectId: string, now = new Date()): Promise<void> {
  const r = schema.alertRules;
  const database = await db();
  const rules = await database
    .select()
    .from(r)
    .where(and(eq(r.projectId, projectId), eq(r.enabled, true)));
  for (const rule of rules) {
    const lastError = await evaluateRule(rule, now).then(
      () => null,
      (error: unknown) => {
        log.error({ err: error, projectId, ruleId: rule.id, rule: rule.name }, "alert rule evaluation failed");
        return (error as Error).message;
      },
    );
    if (lastError !== rule.lastError) await database.update(r).set({ lastError }).where(eq(r.id, rule.id));
  }
}
