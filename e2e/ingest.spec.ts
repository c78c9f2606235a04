import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { expectSignedIn, signInApi, signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };

test.describe("ingest through the running server", () => {
  test("an OTLP/JSON export lands and reads back through the API, with per-project tenant keys", async ({
    request,
    playwright,
    baseURL,
  }) => {
    const admin = await playwright.request.newContext({ baseURL });
    await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password);
    const settings = await admin.put("/api/v1/settings/ingest", {
      data: { tenantKeys: ["app.customer"], featureKeys: [], payloadCapBytes: 65536 },
    });
    expect(settings.status()).toBe(200);
    const badSettings = await admin.put("/api/v1/settings/ingest", {
      data: { tenantKeys: ["bad key!"], featureKeys: [], payloadCapBytes: 10 },
    });
    expect(badSettings.status()).toBe(400);

    const traceId = randomBytes(16).toString("hex");
    const now = BigInt(Date.now()) * 1_000_000n;
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "e2e" } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: randomBytes(8).toString("hex"),
                  name: "e2e-chat",
                  kind: 3,
                  startTimeUnixNano: String(now),
                  endTimeUnixNano: String(now + 250_000_000n),
                  attributes: [
                    { key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } },
                    { key: "gen_ai.usage.input_tokens", value: { intValue: "42" } },
                    { key: "app.customer", value: { stringValue: "hooli" } },
                  ],
                  status: { code: 2, message: "upstream 500" },
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await request.post("/v1/traces", {
      headers: { ...auth, "content-type": "application/json" },
      data: JSON.stringify(body),
    });
    await waitIngestApplied(request);
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({});

    const list = await request.get("/api/v1/traces?status=error&tenant=hooli", { headers: auth });
    expect(list.status()).toBe(200);
    const { data } = (await list.json()) as { data: Array<Record<string, unknown>> };
    expect(data).toEqual([
      expect.objectContaining({
        traceId,
        name: "e2e-chat",
        tenant: "hooli",
        inputTokens: 42,
        errorMessage: "upstream 500",
        models: ["gpt-4o"],
      }),
    ]);
    const detail = await request.get(`/api/v1/traces/${traceId}`, { headers: auth });
    expect((await detail.json()).spans[0]).toMatchObject({ kind: "llm", model: "gpt-4o", status: "error" });

    expect((await request.get(`/api/v1/traces/${randomBytes(16).toString("hex")}`, { headers: auth })).status()).toBe(
      404,
    );
    expect((await request.get("/api/v1/traces?limit=9999", { headers: auth })).status()).toBe(400);
    expect(
      (await request.post("/v1/traces", { headers: { "content-type": "text/plain", ...auth }, data: "x" })).status(),
    ).toBe(415);
    await admin.dispose();
  });
});

test("an admin maps a tenant key in Settings → Ingest", async ({ page }) => {
  await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expectSignedIn(page);
  await page.goto("/settings/ingest");
  await page.getByLabel("Tenant attribute keys").fill("app.customer, app.account");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await page.reload();
  await expect(page.getByLabel("Tenant attribute keys")).toHaveValue("app.customer, app.account");
});
