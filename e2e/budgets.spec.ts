import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../ingest/otlp/build-json";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { signInApi, signInWithForm } from "./support/session";
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
      await form.getByRole("textbox", { name: "Feature" }).fill(feature);
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

    await test.step("an end user's weekly budget covers this ISO week and keeps the feature's", async () => {
      const form = page.getByRole("form", { name: "Set a budget" });
      await form.getByLabel("Scope").selectOption("user");
      await form.getByRole("textbox", { name: "End user id" }).fill(`user-${run}`);
      await form.getByLabel("Period").selectOption("week");
      await form.getByLabel("Weekly USD").fill("7");
      await form.getByRole("button", { name: "Save budget" }).click();
      const row = page.getByTestId(`budget-user-user-${run}`);
      await expect(row).toContainText("$7.00");
      await expect(row.getByTestId("budget-forecast")).toHaveText("$0.00");
      await expect(row).toContainText("not this week");
      await expect(page.getByTestId(`budget-feature-${feature}`)).toContainText("$3.00");
    });
  });

  test("close last month, read it from the snapshot, export it and its review, and reopen it", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const d = new Date();
    const month = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    await test.step("last month starts open (a rerun reopens it through the API)", async () => {
      const admin = await playwright.request.newContext({ baseURL });
      await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password);
      const closed = (await (await admin.get("/api/v1/month-close")).json()) as { data: Array<{ month: string }> };
      if (closed.data.some((c) => c.month === month))
        expect((await admin.delete(`/api/v1/month-close?month=${month}`)).ok()).toBe(true);
      await admin.dispose();
    });

    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.goto(`/finance?month=${month}`);
    const banner = page.getByTestId("month-close");
    await expect(banner).toContainText(`${month} is open`);

    await test.step("closing freezes the month: the page says it reads the snapshot", async () => {
      await banner.getByRole("button", { name: `Close ${month}` }).click();
      await expect(banner).toContainText(`${month} is closed`);
      await expect(banner).toContainText("The live figure agrees.");
    });

    await test.step("the export comes from the snapshot", async () => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Export CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`margins-${month}.csv`);
      // Even an empty month starts with the header.
      const csv = fs.readFileSync((await download.path())!, "utf8");
      expect(csv.split("\n")[0]).toContain("tenant,revenue_usd");
    });

    await test.step("the monthly review reads the closed month and downloads as CSV", async () => {
      await page.goto(`/finance/review?month=${month}`);
      // The visible copy: see "A hidden copy of streamed content" in ARCHITECTURE.md, "UI".
      await expect(page.getByTestId("review-status").filter({ visible: true })).toContainText("Closed (snapshot");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`review-${month}.csv`);
      const csv = fs.readFileSync((await download.path())!, "utf8");
      expect(csv.split("\n")[0]).toBe("section,name,value_1,value_2,value_3,value_4");
      await page.goto(`/finance?month=${month}`);
    });

    await test.step("reopening brings the live figures back", async () => {
      await banner.getByRole("button", { name: `Reopen ${month}` }).click();
      await expect(banner).toContainText(`${month} is open`);
    });
  });
});
