import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { sql as dsql } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { ServiceError } from "@/lib/api/errors";
import { toErrorResponse } from "@/lib/api/respond";
import { readBodyText } from "@/lib/api/with-project";
import { recordAudit } from "@/lib/audit/record";
import { open } from "@/lib/crypto/secret-box";
import { billingSettingsOf } from "./billing-settings";
import { round } from "./margins";

// Revenue from a billing system: Stripe's `invoice.paid` event, signed with Stripe's scheme
// (`Stripe-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, 5 minutes of
// tolerance), counted once per event id. The project comes from the URL; its credential is the
// signature, not a role.

export const SIGNATURE_TOLERANCE_S = 300;
/** Currencies Stripe counts in whole units (no cents). */
const ZERO_DECIMAL = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "JPY",
  "KMF",
  "KRW",
  "MGA",
  "PYG",
  "RWF",
  "UGX",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
]);

/** Stripe's signature check; `now` in ms. Throws `unauthorized` naming what is wrong. */
export function verifyStripeSignature(body: string, header: string | null, secret: string, now = Date.now()): void {
  const parts = (header ?? "").split(",").map((p) => p.trim().split("=") as [string, string]);
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  const v1 = parts.filter(([k]) => k === "v1").map(([, v]) => v);
  if (!Number.isFinite(t) || v1.length === 0)
    throw new ServiceError(
      "unauthorized",
      "Stripe-Signature: expected t=<timestamp>,v1=<signature>",
      "Stripe-Signature",
    );
  if (Math.abs(now / 1000 - t) > SIGNATURE_TOLERANCE_S)
    throw new ServiceError(
      "unauthorized",
      "Stripe-Signature: timestamp outside the 5-minute tolerance",
      "Stripe-Signature",
    );
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const ok = v1.some((v) => {
    const given = Buffer.from(v, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!ok) throw new ServiceError("unauthorized", "Stripe-Signature: signature does not match", "Stripe-Signature");
}

const stripeEvent = z.object({
  id: z.string().min(1).max(255),
  type: z.string(),
  created: z.number(),
  data: z.object({
    object: z.object({
      customer: z.string().min(1, "data.object.customer is required"),
      amount_paid: z.number().int().min(0),
      currency: z.string().length(3),
      status_transitions: z.object({ paid_at: z.number().nullable().optional() }).optional(),
    }),
  }),
});

/** Applies one signed event to the project's revenue; a replay answers `duplicate` and counts nothing. */
export async function receiveRevenueEvent({
  projectId,
  body,
  signature,
  now = new Date(),
}: {
  projectId: string;
  body: string;
  signature: string | null;
  now?: Date;
}) {
  const settings = await billingSettingsOf(projectId);
  if (!settings?.webhookSecret) throw new ServiceError("not_found", "No revenue webhook is set up for this project");
  verifyStripeSignature(body, signature, open(settings.webhookSecret), now.getTime());
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ServiceError("bad_request", "Body must be valid JSON", "body");
  }
  if ((json as { type?: unknown })?.type !== "invoice.paid") return { received: true, ignored: true };
  const event = stripeEvent.parse(json);
  const invoice = event.data.object;
  const tenant = settings.customerTenants[invoice.customer];
  if (!tenant)
    throw new ServiceError(
      "bad_request",
      `data.object.customer: no tenant mapped to ${invoice.customer}`,
      "data.object.customer",
    );
  const paidAt = (invoice.status_transitions?.paid_at ?? event.created) * 1000;
  const month = new Date(paidAt).toISOString().slice(0, 7);
  const currency = invoice.currency.toUpperCase();
  const amount = ZERO_DECIMAL.has(currency) ? invoice.amount_paid : invoice.amount_paid / 100;
  const usdRate = currency === "USD" ? 1 : settings.usdRates[month]?.[currency];
  if (usdRate === undefined)
    throw new ServiceError(
      "bad_request",
      `data.object.currency: no USD rate for ${currency} in ${month}`,
      "data.object.currency",
    );
  const amountUsd = round(amount * usdRate);
  return (await db()).transaction(async (tx) => {
    const inserted = await tx
      .insert(schema.revenueEvents)
      .values({ projectId, eventId: event.id, tenant, month, amount, currency, usdRate, amountUsd, receivedAt: now })
      .onConflictDoNothing()
      .returning({ eventId: schema.revenueEvents.eventId });
    if (inserted.length === 0) return { received: true, duplicate: true };
    await tx
      .insert(schema.revenue)
      .values({ projectId, tenant, month, revenueUsd: amountUsd })
      .onConflictDoUpdate({
        target: [schema.revenue.projectId, schema.revenue.tenant, schema.revenue.month],
        set: { revenueUsd: dsql`${schema.revenue.revenueUsd} + ${amountUsd}`, updatedAt: dsql`now()` },
      });
    await recordAudit(tx, {
      projectId,
      actor: { type: "system" },
      action: "revenue.webhook",
      target: event.id,
      details: { tenant, month, amount, currency, usdRate, amountUsd },
    });
    return { received: true, duplicate: false, tenant, month, amountUsd };
  });
}

/** The route: `POST /api/v1/revenue/webhook/{projectId}`, the raw body (the signature covers its bytes). */
export async function handleRevenueWebhook(request: Request, { params }: { params: Promise<{ projectId: string }> }) {
  try {
    const { projectId } = await params;
    const body = await readBodyText(request);
    return Response.json(
      await receiveRevenueEvent({ projectId, body, signature: request.headers.get("stripe-signature") }),
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}
