import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../ingest/otlp/build-json";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { signInApi, signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

// One gpt-4o call with `millions` million input tokens: 2.50 USD per million at the default price.
async function sendCall(request: APIRequestContext, tenant: string, millions: number, startMs: number) {
  const span: JsonSpan = {
    traceId: randomBytes(16).toString("hex"),
    spanId: randomBytes(8).toString("hex"),
    name: "chat",
    startMs,
    durationMs: 100,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": millions * 1_000_000,
      "gen_ai.usage.output_tokens": 0,
      "tenant.id": tenant,
      "feature.name": "fin-e2e-feature",
    },
  };
  const response = await request.post("/v1/traces", {
    headers: { authorization: `Bearer ${E2E_API_KEY}`, "content-type": "application/json" },
    data: JSON.stringify(otlpJson([span])),
  });
  await waitIngestApplied(request);
  expect(response.ok()).toBe(true);
}

test.describe("finance", () => {
  test("a finance user uploads revenue CSV, reads the month's margins and exports them", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const startMs = Date.now() - 60_000;
    const month = new Date(startMs).toISOString().slice(0, 7);
    const run = randomBytes(3).toString("hex");
    const [tenantA, tenantB] = [`fin-a-${run}`, `fin-b-${run}`];
    const email = `finance-${run}@e2e.test`;

    await test.step("the admin adds a finance member; spans for two tenants arrive", async () => {
      const admin = await playwright.request.newContext({ baseURL });
      await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password);
      const invite = await admin.post("/api/v1/members", { data: { email, role: "finance" } });
      expect(invite.status()).toBe(201);
      const token = ((await invite.json()) as { invitePath: string }).invitePath.split("/").pop();
      expect(
        (await admin.post("/api/invitations/accept", { data: { token, password: "finance-password" } })).ok(),
      ).toBe(true);
      await admin.dispose();
      await sendCall(request, tenantA, 1, startMs); // 2.50 USD
      await sendCall(request, tenantB, 2, startMs); // 5.00 USD
    });

    await signInWithForm(page, email, "finance-password");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Finance" }).click();
    await expect(page.getByRole("heading", { name: "Finance" })).toBeVisible();
    await page.getByRole("textbox", { name: "Month" }).fill(month);
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(new RegExp(`month=${month}`));

    await test.step("a CSV with a bad row is previewed with the reason and nothing is applied", async () => {
      await page
        .getByLabel("Revenue CSV")
        .fill(`tenant,month,revenue_usd\n${tenantA},${month},100\n${tenantB},2026-13,4\n`);
      await page.getByRole("button", { name: "Preview" }).click();
      const rejected = page.getByRole("table", { name: "Rejected rows" });
      await expect(rejected.getByRole("row", { name: /3 month month must be YYYY-MM/ })).toBeVisible();
      await expect(page.getByRole("button", { name: /^Apply/ })).toHaveCount(0);
    });

    await test.step("a good file is previewed, applied and shows in the margins", async () => {
      await page.getByLabel("CSV file").setInputFiles({
        name: "revenue.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(`tenant,month,revenue_usd\n${tenantA},${month},100\n${tenantB},${month},4\n`),
      });
      await page.getByRole("button", { name: "Preview" }).click();
      await expect(page.getByRole("table", { name: "Rows to apply" }).getByRole("row")).toHaveCount(3);
      await page.getByRole("button", { name: "Apply 2 rows" }).click();
      await expect(page.getByText("Saved 2 revenue rows.")).toBeVisible();
      const table = page.getByRole("table", { name: "Margins by tenant" });
      const rowA = table.getByRole("row", { name: new RegExp(tenantA) });
      await expect(rowA).toContainText("$100.00");
      await expect(rowA).toContainText("$2.50");
      await expect(rowA).toContainText("97.5%");
      const rowB = table.getByRole("row", { name: new RegExp(tenantB) });
      await expect(rowB).toContainText("−$1.00");
      await expect(rowB).toContainText("−25%");
      // Current month: the projected margin (no past days, so the projection is the spend so far).
      await expect(rowB).toContainText("under water");
      await expect(rowA).not.toContainText("below floor");
      await expect(rowA).not.toContainText("under water");
      await expect(page.getByTestId("projection")).toContainText("Projected to month end");
    });

    await test.step("saving the editor after an upload keeps the uploaded values", async () => {
      const editor = page.getByRole("table", { name: "Revenue entries" });
      const values = () =>
        editor.locator("input").evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      await expect.poll(values).toEqual(expect.arrayContaining([tenantA, "100", tenantB, "4"]));
      await page.getByRole("button", { name: "Save revenue" }).click();
      await expect(page.getByText("Revenue saved.")).toBeVisible();
      const rowA = page
        .getByRole("table", { name: "Margins by tenant" })
        .getByRole("row", { name: new RegExp(tenantA) });
      await expect(rowA).toContainText("$100.00");
    });

    await test.step("sorting by tenant puts a before b; the export holds the month's rows", async () => {
      const table = page.getByRole("table", { name: "Margins by tenant" });
      await table.getByRole("button", { name: "Tenant" }).click();
      const names = await table.locator("tbody tr td:first-child").allTextContents();
      expect(names.indexOf(names.find((n) => n.startsWith(tenantA))!)).toBeLessThan(
        names.indexOf(names.find((n) => n.startsWith(tenantB))!),
      );
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Export CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`margins-${month}.csv`);
      const csv = fs.readFileSync((await download.path())!, "utf8");
      expect(csv.split("\n")[0]).toBe(
        "tenant,revenue_usd,llm_cost_usd,gpu_cost_usd,cost_usd,margin_usd,margin_pct,projected_cost_usd,revenue_to_date_usd,projected_margin_usd,under_water",
      );
      expect(csv).toContain(`${tenantA},100.00,2.500000,0.000000,2.500000,97.500000,97.50,`);
      expect(csv).toContain(`${tenantB},4.00,5.000000,0.000000,5.000000,-1.000000,-25.00,`);
    });

    await test.step("the cost explorer shows the same cost, filtered from the URL, and exports it", async () => {
      await page.goto(`/cost?range=7d&by=tenant&feature=fin-e2e-feature`);
      const breakdown = page.getByRole("table", { name: "Cost breakdown" });
      await expect(breakdown.getByRole("row", { name: new RegExp(tenantB) })).toContainText("$5.00");
      await expect(page.getByTestId("pareto-summary")).toContainText("make 80% of the cost");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Export CSV" }).click(),
      ]);
      const csv = fs.readFileSync((await download.path())!, "utf8");
      expect(csv.split("\n")[0]).toMatch(/^tenant,cost_usd,share_pct/);
      expect(csv).toContain(`${tenantB},5.000000,`);
    });

    await test.step("finance edits the price catalog: a bad price names its field, a good one is listed", async () => {
      await page.getByRole("link", { name: "Prices" }).click();
      const form = page.getByRole("form", { name: "Add a model price" });
      await form.getByLabel("Model").fill(`fin-model-${run}`);
      await form.getByLabel("Input $/MTok", { exact: true }).fill("-1");
      await form.getByLabel("Output $/MTok").fill("2");
      await form.getByRole("button", { name: "Add" }).click();
      await expect(form.getByRole("status")).toContainText("inputPerMTok");
      await form.getByLabel("Input $/MTok", { exact: true }).fill("1.5");
      await form.getByRole("button", { name: "Add" }).click();
      await expect(
        page.getByRole("table", { name: "Project prices" }).getByRole("row", { name: new RegExp(`fin-model-${run}`) }),
      ).toContainText("$1.5");
    });

    await test.step("finance edits the price in place, ends it, and deletes it after confirming", async () => {
      const name = `price of fin-model-${run}`;
      const row = page
        .getByRole("table", { name: "Project prices" })
        .getByRole("row", { name: new RegExp(`fin-model-${run}`) });
      await row.getByRole("button", { name: `Edit ${name}` }).click();
      const edit = row.getByRole("form", { name: `Edit ${name}` });
      await edit.getByLabel("Input $/MTok", { exact: true }).fill("2.5");
      await edit.getByRole("button", { name: "Save" }).click();
      await expect(row).toContainText("$2.5");
      await expect(row.getByRole("form")).toHaveCount(0);

      await row.getByRole("button", { name: `End ${name}` }).click();
      await row
        .getByRole("form", { name: `End ${name}` })
        .getByRole("button", { name: "End price" })
        .click();
      await expect(row.getByRole("button", { name: `Reopen ${name}` })).toBeVisible();
      await expect(row).toContainText("before");

      await row.getByRole("button", { name: "Delete" }).click();
      const dialog = page.getByRole("dialog", { name: `Delete the ${name}?` });
      await dialog.getByRole("button", { name: "Delete" }).click();
      await expect(
        page.getByRole("table", { name: "Project prices" }).getByRole("row", { name: new RegExp(`fin-model-${run}`) }),
      ).toHaveCount(0);
    });
  });
});
