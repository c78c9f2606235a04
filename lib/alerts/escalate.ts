import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import nodemailer from "nodemailer";
import { db, schema } from "@/db/postgres/client";
import type { AlertRule } from "@/db/postgres/schema";
import { env } from "@/lib/config/env";
import { businessMinutesBetween, type BusinessHours } from "@/lib/domain/alerts/business-hours";
import { log } from "@/lib/log/logger";
import { alertSettingsOf } from "./assignment";
import { ownerOf } from "./owners";

// Escalation: a firing page nobody acknowledged within N minutes, or an open ticket nobody
// acknowledged within N business hours (the project's hours and time zone), goes to the next
// contact: owner → team lead (the feature's escalation contact) → admin contact. Each step
// waits the timeout again from the previous one; it is taken with a compare-and-set on the
// level (two passes escalate once), recorded (ticket history, or an `escalated` alert event
// for a page) and e-mailed when SMTP_URL is set. The clock is the caller's `now`.

async function chain(rule: Pick<AlertRule, "projectId">, feature: string | null | undefined, first: string | null) {
  const [owner, settings] = await Promise.all([
    ownerOf(rule.projectId, feature ?? undefined),
    alertSettingsOf(rule.projectId),
  ]);
  return [first ?? owner?.ownerEmail ?? null, owner?.escalationEmail ?? null, settings.adminContact];
}

/** The next contact after `level`, skipping missing ones and people already told. */
function nextContact(contacts: Array<string | null>, level: number): { level: number; to: string } | null {
  const told = new Set(contacts.slice(0, level + 1).filter(Boolean));
  for (let i = level + 1; i < contacts.length; i++) {
    const to = contacts[i];
    if (to && !told.has(to)) return { level: i, to };
  }
  return null;
}

async function mail(to: string, subject: string, text: string): Promise<string> {
  const smtp = env().alerts.smtpUrl;
  if (!smtp) return "not e-mailed: SMTP_URL is not set";
  try {
    await nodemailer.createTransport(smtp).sendMail({ from: env().alerts.smtpFrom, to, subject, text });
    return "e-mailed";
  } catch (err) {
    log.error({ err, to }, "escalation e-mail failed");
    return `e-mail failed: ${(err as Error).message}`.slice(0, 300);
  }
}

async function escalateTickets(projectId: string, hours: BusinessHours, ticketHours: number | null, now: Date) {
  const database = await db();
  const t = schema.tickets;
  const open = await database
    .select({ ticket: t, rule: schema.alertRules })
    .from(t)
    .innerJoin(schema.alertRules, eq(schema.alertRules.id, t.ruleId))
    .where(and(eq(t.projectId, projectId), eq(t.status, "open")));
  let moved = 0;
  for (const { ticket, rule } of open) {
    const timeout = rule.escalationMinutes ?? (ticketHours === null ? null : ticketHours * 60);
    if (timeout === null) continue;
    const since = ticket.escalatedAt ?? ticket.openedAt;
    if (businessMinutesBetween(since, now, hours, timeout) < timeout) continue;
    const next = nextContact(await chain(rule, ticket.feature, ticket.assignee), ticket.escalationLevel);
    if (!next) continue;
    const [taken] = await database
      .update(t)
      .set({ escalationLevel: next.level, escalatedAt: now, updatedAt: now })
      .where(and(eq(t.id, ticket.id), eq(t.escalationLevel, ticket.escalationLevel), eq(t.status, "open")))
      .returning({ id: t.id });
    if (!taken) continue;
    const sent = await mail(next.to, `[ESCALATED] ${ticket.title}`, `Unacknowledged ticket: ${ticket.title}`);
    await database.insert(schema.ticketEvents).values({
      id: randomUUID(),
      ticketId: ticket.id,
      kind: "escalated",
      actor: "alerts",
      body: `to ${next.to}: unacknowledged for ${timeout / 60} business hour(s) (${sent})`,
      at: now,
    });
    moved++;
  }
  return moved;
}

async function escalatePages(projectId: string, pageMinutes: number | null, now: Date) {
  const database = await db();
  const st = schema.alertStates;
  const r = schema.alertRules;
  const firing = await database
    .select({ state: st, rule: r })
    .from(st)
    .innerJoin(r, eq(r.id, st.ruleId))
    .where(and(eq(r.projectId, projectId), eq(r.tier, "page"), eq(st.state, "firing"), isNull(st.acknowledgedAt)));
  let moved = 0;
  for (const { state, rule } of firing) {
    const timeout = rule.escalationMinutes ?? pageMinutes;
    const since = state.escalatedAt ?? state.firedAt;
    if (timeout === null || !since || now.getTime() - since.getTime() < timeout * 60_000) continue;
    const feature = state.group.feature ?? rule.filter.feature;
    const next = nextContact(await chain(rule, feature, rule.owner), state.escalationLevel);
    if (!next) continue;
    const [taken] = await database
      .update(st)
      .set({ escalationLevel: next.level, escalatedAt: now })
      .where(
        and(eq(st.ruleId, rule.id), eq(st.groupKey, state.groupKey), eq(st.escalationLevel, state.escalationLevel)),
      )
      .returning({ ruleId: st.ruleId });
    if (!taken) continue;
    const summary = `${rule.name} (${state.groupKey || "all"}) unacknowledged for ${timeout} min`;
    const sent = await mail(next.to, `[ESCALATED] ${summary}`, summary);
    await database.insert(schema.alertEvents).values({
      id: randomUUID(),
      projectId,
      ruleId: rule.id,
      groupKey: state.groupKey,
      kind: "escalated",
      value: state.lastValue,
      threshold: rule.threshold,
      evidence: { summary, to: next.to, level: next.level, delivery: sent },
      windowStart: now,
      at: now,
    });
    moved++;
  }
  return moved;
}

/** One escalation pass over a project's unacknowledged pages and tickets; answers how many moved. */
export async function escalateProject(
  projectId: string,
  now = new Date(),
): Promise<{ tickets: number; pages: number }> {
  const settings = await alertSettingsOf(projectId);
  const hours: BusinessHours = {
    timeZone: settings.timeZone,
    days: settings.businessDays,
    startHour: settings.businessStartHour,
    endHour: settings.businessEndHour,
  };
  return {
    tickets: await escalateTickets(projectId, hours, settings.ticketAckBusinessHours, now),
    pages: await escalatePages(projectId, settings.pageAckMinutes, now),
  };
}
