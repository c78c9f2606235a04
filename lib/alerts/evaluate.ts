import "server-only";
import { and, eq } from "drizzle-orm";
import { ServiceError } from "@/lib/api/errors";
import { db, schema } from "@/db/postgres/client";
import type { AlertRule, AlertStateName, AlertStateNote } from "@/db/postgres/schema";
import { env } from "@/lib/config/env";
import { draftNotification, recordTransition, type TransitionNotification } from "./announce";
import { keyOf } from "./group-key";
import { conditionValues, type ConditionValue } from "./relative";
import { escalateProject } from "./escalate";
import { dispatch, retryOutbox } from "./outbox";
import { storedRuleProblem } from "./rules";
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
  /** Why the value did not count this time: under the minimum volume, or no past to compare with. */
  note: AlertStateNote | null;
};

export { keyOf };
export const breaches = (rule: Pick<AlertRule, "comparator" | "threshold">, value: number | null) =>
  value !== null && (rule.comparator === "gt" ? value > rule.threshold : value < rule.threshold);

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

/** The evaluation slot `now` falls in: two passes in one slot decide one transition. */
export const slotOf = (now: Date) => {
  const ms = env().jobs.alertEvalS * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
};

type Stored = typeof schema.alertStates.$inferSelect;

/**
 * The groups this evaluation moves: those with a value now, and stored ones that stopped
 * reporting (all of them when the rule watches for "no data", else those firing or breaching).
 */
function groupsOf(rule: AlertRule, values: ConditionValue[], stored: Stored[]) {
  const groups = new Map<string, ConditionValue>();
  for (const v of values) groups.set(keyOf(v.group), v);
  for (const s of stored)
    if (!groups.has(s.groupKey) && (rule.noDataMinutes || s.state === "firing" || s.breaches > 0))
      groups.set(s.groupKey, { group: s.group, value: null });
  return groups;
}

/**
 * One group's move. Without data: with `noDataMinutes` the state holds, then turns "no_data"
 * once the group has been silent that long (a quiet night neither fires nor resolves); without
 * it, silence counts as clear. A value that does not count (too little volume, no baseline)
 * holds the state too.
 */
function step(rule: AlertRule, groupKey: string, v: ConditionValue, before: Stored | undefined, now: Date) {
  const hasData = v.value !== null || v.note !== undefined;
  const breaching = breaches(rule, v.value);
  const s: GroupState = {
    groupKey,
    group: v.group,
    value: v.value,
    breaching,
    state: before?.state === "no_data" && hasData ? "ok" : (before?.state ?? "ok"),
    breaches: before?.breaches ?? 0,
    recoveries: before?.recoveries ?? 0,
    note: v.note ?? null,
  };
  const lastDataAt = hasData ? now : (before?.lastDataAt ?? null);
  if (v.note) return { s, event: null, lastDataAt };
  if (!hasData && rule.noDataMinutes) {
    const silentMs = lastDataAt ? now.getTime() - lastDataAt.getTime() : 0;
    if (lastDataAt && silentMs >= rule.noDataMinutes * 60_000 && s.state !== "firing") {
      s.state = "no_data";
      s.breaches = 0;
      s.recoveries = 0;
    }
    return { s, event: null, lastDataAt };
  }
  return { s, event: advance(s, breaching, rule), lastDataAt };
}

/**
 * One evaluation of one rule, shared by the background pass and evaluate-now. The metric is read
 * first; the move of each group's state machine is then decided in one transaction holding the
 * rule's row, with the event unique per rule, group, kind and evaluation slot, so two passes at
 * once announce a transition once. Notifications leave through the outbox after commit.
 */
export async function evaluateRule(rule: AlertRule, now = new Date()): Promise<GroupState[]> {
  const problem = storedRuleProblem(rule);
  if (problem) throw new ServiceError("conflict", problem, problem.split(/[.:]/)[0]);
  const values = await conditionValues(rule, now);
  const database = await db();
  const st = schema.alertStates;
  // Evidence reads ClickHouse: drafted for the transitions the current state predicts, outside the lock.
  const seen = await database.select().from(st).where(eq(st.ruleId, rule.id));
  const drafts = new Map<string, TransitionNotification>();
  for (const [groupKey, v] of groupsOf(rule, values, seen)) {
    const { event } = step(
      rule,
      groupKey,
      v,
      seen.find((x) => x.groupKey === groupKey),
      now,
    );
    if (event) drafts.set(`${groupKey}|${event}`, await draftNotification(rule, { groupKey, ...v }, event, now));
  }
  const windowStart = slotOf(now);
  const send: string[] = [];
  const result = await database.transaction(async (tx) => {
    await tx
      .select({ id: schema.alertRules.id })
      .from(schema.alertRules)
      .where(eq(schema.alertRules.id, rule.id))
      .for("update");
    const stored = await tx.select().from(st).where(eq(st.ruleId, rule.id));
    const out: GroupState[] = [];
    for (const [groupKey, v] of groupsOf(rule, values, stored)) {
      const { s, event, lastDataAt } = step(
        rule,
        groupKey,
        v,
        stored.find((x) => x.groupKey === groupKey),
        now,
      );
      let ids: string[] | null = [];
      if (event) {
        // Rare: another pass moved the state between the draft and the lock; drafted now, inside (through tx).
        const n =
          drafts.get(`${groupKey}|${event}`) ?? (await draftNotification(rule, { groupKey, ...v }, event, now, tx));
        ids = await recordTransition(tx, rule, n, windowStart, now);
      }
      out.push(s);
      // The slot's transition was already recorded: keep the state that recorded it.
      if (ids === null) continue;
      send.push(...ids);
      const row = {
        group: v.group,
        state: s.state,
        breaches: s.breaches,
        recoveries: s.recoveries,
        lastValue: v.value,
        lastEvaluatedAt: now,
        note: s.note,
        lastDataAt,
        ...(event === "firing"
          ? { firedAt: now, acknowledgedAt: null, acknowledgedBy: null, escalationLevel: 0, escalatedAt: null }
          : {}),
        ...(event === "resolved" ? { resolvedAt: now } : {}),
      };
      await tx
        .insert(st)
        .values({ ruleId: rule.id, groupKey, ...row })
        .onConflictDoUpdate({ target: [st.ruleId, st.groupKey], set: row });
    }
    return out;
  });
  dispatch(send);
  return result.sort((a, b) => a.groupKey.localeCompare(b.groupKey));
}

/**
 * Every enabled rule of a project; one failing rule is logged and does not stop the others. Its
 * error stays on the rule (`last_error`, shown with the rule) until an evaluation succeeds.
 * Then the outbox's due retries and the escalation of what nobody acknowledged.
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
  await retryOutbox(projectId, now);
  await escalateProject(projectId, now);
}
