import "server-only";
import { eq, inArray } from "drizzle-orm";
import { db, schema, type Database } from "@/db/postgres/client";
import type { AlertRule, AlertSettings } from "@/db/postgres/schema";
import { ownerOf } from "./owners";

// Who a ticket (or page) about a feature goes to: the feature's owner, else the rule's owner,
// else the project's default assignee (Settings). The escalation contact is the feature's.

export const DEFAULT_ALERT_SETTINGS: Omit<AlertSettings, "projectId" | "updatedAt"> = {
  defaultAssignee: null,
  adminContact: null,
  timeZone: "UTC",
  businessDays: [1, 2, 3, 4, 5],
  businessStartHour: 9,
  businessEndHour: 17,
  pageAckMinutes: 15,
  ticketAckBusinessHours: 8,
  financeContacts: [],
};

export async function alertSettingsOf(
  projectId: string,
  database?: Database,
): Promise<Omit<AlertSettings, "updatedAt">> {
  const [row] = await (database ?? (await db()))
    .select()
    .from(schema.alertSettings)
    .where(eq(schema.alertSettings.projectId, projectId))
    .limit(1);
  return row ?? { projectId, ...DEFAULT_ALERT_SETTINGS };
}

export async function assigneeFor(
  rule: Pick<AlertRule, "projectId" | "owner">,
  feature: string | undefined,
  database?: Database,
): Promise<{ assignee: string | null; escalation: string | null; source: "feature" | "rule" | "project" | null }> {
  const owner = await ownerOf(rule.projectId, feature, database);
  if (owner) return { assignee: owner.ownerEmail, escalation: owner.escalationEmail, source: "feature" };
  if (rule.owner) return { assignee: rule.owner.toLowerCase(), escalation: null, source: "rule" };
  const { defaultAssignee } = await alertSettingsOf(rule.projectId, database);
  return { assignee: defaultAssignee, escalation: null, source: defaultAssignee ? "project" : null };
}

/**
 * Tenant budgets go to the project's finance contacts (member ids or e-mails, in order): the
 * first holds the ticket, the second is its escalation; else the rule's owner, else the default.
 */
export async function financeContactsFor(
  rule: Pick<AlertRule, "projectId" | "owner">,
  database?: Database,
): Promise<{ assignee: string | null; escalation: string | null; source: "finance" | "rule" | "project" | null }> {
  const settings = await alertSettingsOf(rule.projectId, database);
  const ids = settings.financeContacts.filter((c) => !c.includes("@"));
  const users = ids.length
    ? await (database ?? (await db()))
        .select({ id: schema.users.id, email: schema.users.email })
        .from(schema.users)
        .where(inArray(schema.users.id, ids))
    : [];
  const emails = settings.financeContacts
    .map((c) => (c.includes("@") ? c : users.find((u) => u.id === c)?.email))
    .filter((e): e is string => Boolean(e))
    .map((e) => e.toLowerCase());
  if (emails.length) return { assignee: emails[0]!, escalation: emails[1] ?? null, source: "finance" };
  if (rule.owner) return { assignee: rule.owner.toLowerCase(), escalation: null, source: "rule" };
  return { assignee: settings.defaultAssignee, escalation: null, source: settings.defaultAssignee ? "project" : null };
}
