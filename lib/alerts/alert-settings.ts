import "server-only";
import { z } from "zod";
import { schema } from "@/db/postgres/client";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { alertSettingsOf } from "./assignment";

// Alerting settings of a project: who gets tickets nobody owns, the last contact of the
// escalation chain, business hours in the project's time zone, and the escalation timeouts.

const knownZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const alertSettingsInput = z
  .object({
    defaultAssignee: z.email().nullable().default(null),
    adminContact: z.email().nullable().default(null),
    timeZone: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .refine(knownZone, "must be an IANA time zone such as Europe/Paris")
      .default("UTC"),
    businessDays: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
    businessStartHour: z.number().int().min(0).max(23).default(9),
    businessEndHour: z.number().int().min(1).max(24).default(17),
    pageAckMinutes: z.number().int().min(1).max(10_080).nullable().default(15),
    ticketAckBusinessHours: z.number().int().min(1).max(720).nullable().default(8),
    /** Who hears about tenant budgets: member ids or e-mails, in order. */
    financeContacts: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  })
  .refine((s) => s.businessEndHour > s.businessStartHour, {
    message: "must be after businessStartHour",
    path: ["businessEndHour"],
  });
export type AlertSettingsInput = z.infer<typeof alertSettingsInput>;

export async function getAlertSettings({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "project.read");
  const { projectId: _p, ...settings } = await alertSettingsOf(ctx.projectId);
  return settings;
}

export async function putAlertSettings({ ctx, input }: { ctx: ProjectContext; input: AlertSettingsInput }) {
  requirePermission(ctx, "alerts.manage");
  const values = {
    ...input,
    defaultAssignee: input.defaultAssignee?.toLowerCase() ?? null,
    adminContact: input.adminContact?.toLowerCase() ?? null,
    businessDays: [...new Set(input.businessDays)].sort(),
    updatedAt: new Date(),
  };
  await audited({ projectId: ctx.projectId, actor: ctx.actor, action: "alert_settings.put", details: input }, (tx) =>
    tx
      .insert(schema.alertSettings)
      .values({ projectId: ctx.projectId, ...values })
      .onConflictDoUpdate({ target: schema.alertSettings.projectId, set: values }),
  );
  return getAlertSettings({ ctx });
}
