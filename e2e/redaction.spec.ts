import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { otlpJson } from "../ingest/otlp/build-json";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { expectSignedIn, signInApi, signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

// Redaction at ingest, as an admin sets it up and an engineer then reads a trace.

const auth = { authorization: `Bearer ${E2E_API_KEY}` };
const SECRET = "sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWx";

test.afterAll(async ({ playwright, baseURL }) => {
  // Back to the defaults for the specs that follow.
  const admin = await playwright.request.newContext({ baseURL });
  await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  const current = (await (await admin.get("/api/v1/settings/ingest")).json()) as Record<string, unknown>;
  await admin.put("/api/v1/settings/ingest", {
    data: {
      ...current,
      redaction: { detectors: ["private_key", "bearer_token", "jwt", "api_key", "card"], customRules: [] },
    },
  });
  await admin.dispose();
});

test("an admin turns on e-mail masking and a custom rule; the trace shows masks and their count", async ({
  page,
  request,
}) => {
  await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expectSignedIn(page);
  await page.goto("/settings/ingest");
  await expect(page.getByLabel("API keys (sk-…, AKIA…, ghp_…, xox…)")).toBeChecked();
  await expect(page.getByLabel("E-mail addresses")).not.toBeChecked();
  await page.getByLabel("E-mail addresses").check();
  await page.getByRole("button", { name: "Add rule" }).click();
  await page.getByLabel("Rule 1 name").fill("order_id");
  await page.getByLabel("Rule 1 pattern").fill("(ORD)-\\1");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "customRules" })).toContainText('rule "order_id"');
  await page.getByLabel("Rule 1 pattern").fill("ORD-[0-9]{6}");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await page.reload();
  await expect(page.getByLabel("E-mail addresses")).toBeChecked();
  await expect(page.getByLabel("Rule 1 pattern")).toHaveValue("ORD-[0-9]{6}");
  await page.screenshot({ path: test.info().outputPath("redaction-settings.png"), fullPage: true });

  const traceId = randomBytes(16).toString("hex");
  const spans = [
    {
      traceId,
      spanId: randomBytes(8).toString("hex"),
      name: "support answer",
      startMs: Date.now() - 5_000,
      durationMs: 800,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": 20,
        "gen_ai.usage.output_tokens": 5,
        "gen_ai.input.messages": JSON.stringify([
          { role: "user", content: `I am carol@example.com, my key is ${SECRET}, order ORD-424242` },
        ]),
        "gen_ai.output.messages": JSON.stringify([{ role: "assistant", content: "Thanks, looking into ORD-424242." }]),
      },
    },
  ];
  const sent = await request.post("/v1/traces", {
    headers: { ...auth, "content-type": "application/json" },
    data: JSON.stringify(otlpJson(spans)),
  });
  await waitIngestApplied(request);
  expect(sent.status()).toBe(200);

  const detail = await request.get(`/api/v1/traces/${traceId}`, { headers: auth });
  const body = await detail.text();
  expect(body).not.toContain("carol@example.com");
  expect(body).not.toContain(SECRET);
  expect(body).not.toContain("ORD-424242");

  await page.goto(`/traces/${traceId}`);
  const step = page.getByRole("article", { name: "Step detail" });
  await expect(step).toContainText("I am [email], my key is [api_key], order [order_id]");
  await expect(step).toContainText("Thanks, looking into [order_id].");
  await expect(step).toContainText("Redacted at ingest");
  // Occurrences as stored: the input and output each in their column and in their (short) attribute.
  for (const part of ["8 (", "2 email", "2 api_key", "4 order_id"]) await expect(step).toContainText(part);
  await page.screenshot({ path: test.info().outputPath("redacted-step.png"), fullPage: true });
});
