import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { seal } from "@/lib/crypto/secret-box";
import { MONTH } from "./revenue";

// The revenue webhook's settings: the signing secret (write-only), customer → tenant, and the
// USD rate per month of each other currency.

const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, "currency must be a 3-letter ISO code")
  .transform((c) => c.toUpperCase());
export const billingSettingsInput = z.object({
  /** Omitted: keep the stored secret. */
  webhookSecret: z.string().min(16, "webhookSecret must be at least 16 characters").max(200).optional(),
  customerTenants: z.record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(200)).default({}),
  usdRates: z
    .array(
      z.object({
        month: z.string().regex(MONTH, "month must be YYYY-MM"),
        currency,
        usdPerUnit: z.number().positive().finite(),
      }),
    )
    .max(2_000)
    .default([]),
});
export type BillingSettingsInput = z.infer<typeof billingSettingsInput>;

export async function billingSettingsOf(projectId: string) {
  const [row] = await (await db())
    .select()
    .from(schema.billingSettings)
    .where(eq(schema.billingSettings.projectId, projectId))
    .limit(1);
  return row ?? null;
}

export async function getBillingSettings({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "finance.read");
  const row = await billingSettingsOf(ctx.projectId);
  return {
    hasWebhookSecret: Boolean(row?.webhookSecret),
    webhookPath: `/api/v1/revenue/webhook/${ctx.projectId}`,
    customerTenants: row?.customerTenants ?? {},
    usdRates: Object.entries(row?.usdRates ?? {}).flatMap(([month, rates]) =>
      Object.entries(rates).map(([c, usdPerUnit]) => ({ month, currency: c, usdPerUnit })),
    ),
  };
}

export async function putBillingSettings({ ctx, input }: { ctx: ProjectContext; input: BillingSettingsInput }) {
  requirePermission(ctx, "finance.write");
  const usdRates: Record<string, Record<string, number>> = {};
  for (const r of input.usdRates) usdRates[r.month] = { ...usdRates[r.month], [r.currency]: r.usdPerUnit };
  const values = {
    customerTenants: input.customerTenants,
    usdRates,
    updatedAt: new Date(),
    ...(input.webhookSecret ? { webhookSecret: seal(input.webhookSecret) } : {}),
  };
  await audited(
    {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "billing_settings.put",
      details: {
        customers: Object.keys(input.customerTenants).length,
        rates: input.usdRates.length,
        secretChanged: Boolean(input.webhookSecret),
      },
    },
    (tx) =>
      tx
        .insert(schema.billingSettings)
        .values({ projectId: ctx.projectId, ...values })
        .onConflictDoUpdate({ target: schema.billingSettings.projectId, set: values }),
  );
  return getBillingSettings({ ctx });
}
