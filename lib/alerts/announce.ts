import "server-only";
import { randomUUID } from "node:crypto";
import type { AlertRule } from "@/db/postgres/schema";
import { schema, type Database, type Transaction } from "@/db/postgres/client";
import { summaryLine, type Notification } from "./deliver";
import { topTraces, tracesUrl } from "./evidence";
import { periodOf } from "@/lib/domain/finance/budget-forecast";
import { budgetPeriodOf } from "@/lib/finance/budgets";
import { BUDGET_METRICS, formatWindow, METRIC_SPECS, type AlertMetric } from "./metric-catalog";
import { ruleWindow } from "./metric-values";
import { assigneeFor, financeContactsFor } from "./assignment";
import { enqueue } from "./outbox";
import { noteConditionResolved, openOrRefire } from "./tickets";

// What a transition says and to whom: the notification (built before the transition is
// decided, since its evidence reads ClickHouse), then, inside the deciding transaction, the
// event row, the ticket and the outbox rows. Nothing here sends: the outbox does after commit.

export type Transition = { groupKey: string; group: Record<string, string>; value: number | null };
export type TransitionNotification = Notification & { kind: "firing" | "resolved" };

export async function draftNotification(
  rule: AlertRule,
  s: Transition,
  kind: "firing" | "resolved",
  now: Date,
  database?: Database,
): Promise<TransitionNotification> {
  const rollup = ["error_rate", "cache_hit_rate", "token_volume_change", "cost_usd"].includes(rule.metric);
  const budget = BUDGET_METRICS.includes(rule.metric as AlertMetric);
  const { from, to } =
    rule.metric === "cost_change_wow"
      ? { from: new Date(now.getTime() - 7 * 86_400_000), to: now }
      : budget
        ? { from: new Date(periodOf(now, await budgetPeriodOf(rule.projectId, s.group, database)).from), to: now }
        : ruleWindow(rule, now, rollup);
  // A tenant's or an end user's budget is finance's to answer for; a feature's goes to its owner like any alert.
  const { assignee, escalation } =
    budget && (s.group.tenant || s.group.user)
      ? await financeContactsFor(rule, database)
      : await assigneeFor(rule, s.group.feature ?? rule.filter.feature, database);
  return {
    eventId: randomUUID(),
    kind,
    rule: {
      id: rule.id,
      name: rule.name,
      tier: rule.tier,
      metric: rule.metric,
      ...(rule.baseline ? { baseline: rule.baseline, changeUnit: rule.changeUnit } : {}),
    },
    group: s.group,
    groupKey: s.groupKey,
    value: s.value,
    threshold: rule.threshold,
    comparator: rule.comparator,
    window: formatWindow(rule.windowMinutes),
    owner: assignee,
    escalation,
    tracesUrl: tracesUrl(rule, s.group, from),
    topTraces: kind === "firing" ? await topTraces(rule, s.group, from, to) : [],
    at: now.toISOString(),
  };
}

/**
 * Records one transition in the deciding transaction; answers the outbox rows to send, or null
 * when this rule, group, kind and evaluation slot already has its event (another pass decided it).
 */
export async function recordTransition(
  tx: Transaction,
  rule: AlertRule,
  n: TransitionNotification,
  windowStart: Date,
  now: Date,
): Promise<string[] | null> {
  const evidence = { ...n, summary: summaryLine(n), unit: METRIC_SPECS[rule.metric as AlertMetric].unit };
  const inserted = await tx
    .insert(schema.alertEvents)
    .values({
      id: n.eventId,
      projectId: rule.projectId,
      ruleId: rule.id,
      groupKey: n.groupKey,
      kind: n.kind,
      value: n.value,
      threshold: rule.threshold,
      evidence,
      windowStart,
      at: now,
    })
    .onConflictDoNothing()
    .returning({ id: schema.alertEvents.id });
  if (inserted.length === 0) return null;
  if (rule.tier === "dashboard") return [];
  if (rule.tier === "ticket") {
    if (n.kind === "firing")
      await openOrRefire(tx, {
        projectId: rule.projectId,
        ruleId: rule.id,
        groupKey: n.groupKey,
        feature: n.group.feature ?? rule.filter.feature ?? null,
        title: evidence.summary.replace(/^\[FIRING\] /, ""),
        assignee: n.owner,
        evidence,
      });
    else await noteConditionResolved(tx, rule.id, n.groupKey, evidence.summary);
  }
  if (rule.tier === "page" || n.kind === "firing")
    return enqueue(tx, { id: n.eventId, projectId: rule.projectId }, rule.channelIds, n, now);
  return [];
}
