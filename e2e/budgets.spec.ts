import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../ingest/otlp/build-json";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

// Finance sets a budget for a feature on the Budgets page and reads its month-to-date spend and
// forecast; a CSV with a bad row changes nothing. The feature is new, so it has no history:
// the forecast is the spend so far (run rate 0).

test.describe("budgets", () => {
  test("set a budget, see the forecast, and a bad CSV refused whole", async ({ page, request }) => {
    const run = randomBytes(3).toString("hex");
    const feature = `budget-e2e-${run}`;

    await test.step("one gpt-4o call for the feature: 1M input tokens, $2.50", async () => {
      const span: JsonSpan = {
        traceId: randomBytes(16).toString("hex"),
        spanId: randomBytes(8).toString("hex"),
        name: "chat",
        startMs: Date.now() - 60_000,
        durationMs: 100,
        attributes: {
          "gen_ai.request.model": "gpt-4o",
          "gen_ai.usage.input_tokens": 1_000_000,
          "gen_ai.usage.output_tokens": 0,
          "feature.name": feature,
        },
      };
      const response = await request.post("/v1/traces", {
        headers: { authorization: `Bearer ${E2E_API_KEY}`, "content-type": "application/json" },
        data: JSON.stringify(otlpJson([span])),
      });
      expect(response.ok()).toBe(true);
      await waitIngestApplied(request);
    });

    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.goto("/finance");
    await page.getByRole("link", { name: "Budgets and forecasts" }).click();
    await expect(page.getByRole("heading", { name: "Budgets" })).toBeVisible();

    await test.step("a $3 budget for the feature shows $2.50 spent and forecast, 83.3 %", async () => {
      const form = page.getByRole("form", { name: "Set a budget" });
      await form.getByLabel("Scope").selectOption("feature");
      await form.getByLabel("Feature").fill(feature);
      await form.getByLabel("Monthly USD").fill("3");
      await form.getByRole("button", { name: "Save budget" }).click();
      const row = page.getByTestId(`budget-feature-${feature}`);
      await expect(row).toContainText("$3.00");
      await expect(row.getByTestId("budget-forecast")).toHaveText("$2.50");
      await expect(row).toContainText("83.3%");
      await expect(row).toContainText("not this month");
    });

    await test.step("a CSV with a bad row is refused and the budget stays", async () => {
      await page.getByLabel("Budgets CSV").fill(`scope,subject,amount_usd\nfeature,${feature},-5\n`);
      await page.getByRole("button", { name: "Import" }).click();
      await expect(page.getByRole("status")).toContainText("row 2, amountUsd: amountUsd must be above 0");
      await expect(page.getByTestId(`budget-feature-${feature}`)).toContainText("$3.00");
    });
  });
});
