import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@/db/postgres/client";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { billingSettingsInput, getBillingSettings, putBillingSettings } from "./billing-settings";
import { revenueForMonth } from "./revenue";
import { handleRevenueWebhook } from "./revenue-webhook";

// Through the route's handler with real requests: Stripe's signature scheme, one count per event id.
const SECRET = "whsec_test_0123456789abcdef";
let ctx: ProjectContext;
const paidAt = Date.UTC(2026, 10, 14) / 1000;

const invoice = (id: string, customer: string, amountPaid: number, currency: string) =>
  JSON.stringify({
    id,
    type: "invoice.paid",
    created: paidAt,
    data: { object: { customer, amount_paid: amountPaid, currency, status_transitions: { paid_at: paidAt } } },
  });
const sign = (body: string, secret = SECRET, t = Math.floor(Date.now() / 1000)) =>
  `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
async function post(body: string, signature: string | null) {
  const response = await handleRevenueWebhook(
    new Request(`http://localhost/api/v1/revenue/webhook/${ctx.projectId}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) },
      body,
    }),
    { params: Promise.resolve({ projectId: ctx.projectId }) },
  );
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
const acme = async () => (await revenueForMonth(ctx.projectId, "2026-11")).find((r) => r.tenant === "acme")?.revenueUsd;

beforeAll(async () => {
  ctx = await makeProject();
  await putBillingSettings({
    ctx,
    input: billingSettingsInput.parse({ webhookSecret: SECRET, customerTenants: { cus_acme: "acme" } }),
  });
});

describe("revenue webhook", () => {
  it("keeps the secret write-only", async () => {
    const settings = await getBillingSettings({ ctx });
    expect(settings).toMatchObject({ hasWebhookSecret: true, customerTenants: { cus_acme: "acme" } });
    expect(JSON.stringify(settings)).not.toContain(SECRET);
  });

  it("rejects a bad, missing or stale signature and counts nothing", async () => {
    const body = invoice("evt_bad", "cus_acme", 10_000, "usd");
    expect((await post(body, sign(body, "whsec_someone_else_entirely"))).status).toBe(401);
    expect((await post(body, sign(`${body} `))).status).toBe(401);
    expect((await post(body, null)).status).toBe(401);
    const stale = await post(body, sign(body, SECRET, Math.floor(Date.now() / 1000) - 301));
    expect(stale).toMatchObject({
      status: 401,
      json: { error: { message: expect.stringMatching(/tolerance/) as unknown } },
    });
    expect(await acme()).toBeUndefined();
  });

  it("adds a paid invoice to the tenant's month once, however often it is replayed", async () => {
    const body = invoice("evt_1", "cus_acme", 12_345, "usd");
    expect(await post(body, sign(body))).toMatchObject({
      status: 200,
      json: { duplicate: false, tenant: "acme", month: "2026-11", amountUsd: 123.45 },
    });
    expect(await post(body, sign(body))).toMatchObject({ status: 200, json: { duplicate: true } });
    expect(await acme()).toBe(123.45);
    const other = invoice("evt_2", "cus_acme", 655, "usd");
    await post(other, sign(other));
    expect(await acme()).toBeCloseTo(130, 6);
  });

  it("converts other currencies at the month's rate, stored with the event, and names what is missing", async () => {
    const eur = invoice("evt_eur", "cus_acme", 10_000, "eur");
    expect(await post(eur, sign(eur))).toMatchObject({
      status: 400,
      json: { error: { message: "data.object.currency: no USD rate for EUR in 2026-11" } },
    });
    await putBillingSettings({
      ctx,
      input: billingSettingsInput.parse({
        customerTenants: { cus_acme: "acme" },
        usdRates: [{ month: "2026-11", currency: "eur", usdPerUnit: 1.1 }],
      }),
    });
    expect((await getBillingSettings({ ctx })).hasWebhookSecret).toBe(true);
    expect(await post(eur, sign(eur))).toMatchObject({ status: 200, json: { amountUsd: 110 } });
    expect(await acme()).toBeCloseTo(240, 6);
    const [row] = await (
      await db()
    )
      .select()
      .from(schema.revenueEvents)
      .where(and(eq(schema.revenueEvents.projectId, ctx.projectId), eq(schema.revenueEvents.eventId, "evt_eur")));
    expect(row).toMatchObject({ amount: 100, currency: "EUR", usdRate: 1.1, amountUsd: 110 });
    const stranger = invoice("evt_x", "cus_unknown", 100, "usd");
    expect(await post(stranger, sign(stranger))).toMatchObject({
      status: 400,
      json: { error: { field: "data.object.customer" } },
    });
  });
});
