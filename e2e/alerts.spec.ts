import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../ingest/otlp/build-json";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { signInApi, signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

test.describe("alerts", () => {
  test("a failing feature's ticket lands with its owner, who acknowledges it and comments", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const run = randomBytes(3).toString("hex");
    const feature = `alert-e2e-${run}`;
    const owner = `owner-${run}@e2e.test`;
    const admin = await playwright.request.newContext({ baseURL });
    await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password);

    await test.step("the owner joins; spans with a 50 % error rate arrive; rules are set up", async () => {
      const invite = await admin.post("/api/v1/members", { data: { email: owner, role: "engineer" } });
      expect(invite.status()).toBe(201);
      const token = ((await invite.json()) as { invitePath: string }).invitePath.split("/").pop();
      expect((await admin.post("/api/invitations/accept", { data: { token, password: "owner-password" } })).ok()).toBe(
        true,
      );
      expect((await admin.put("/api/v1/owners", { data: { feature, ownerEmail: owner } })).ok()).toBe(true);
      const spans: JsonSpan[] = Array.from({ length: 10 }, (_, i) => ({
        traceId: randomBytes(16).toString("hex"),
        spanId: randomBytes(8).toString("hex"),
        name: `${feature} request`,
        startMs: Date.now() - 60_000,
        durationMs: 50,
        attributes: { "feature.name": feature },
        status: i < 5 ? { code: 2, message: "payment provider 502" } : { code: 1 },
      }));
      expect(
        (
          await request.post("/v1/traces", {
            headers: { authorization: `Bearer ${E2E_API_KEY}`, "content-type": "application/json" },
            data: JSON.stringify(otlpJson(spans)),
          })
        ).ok(),
      ).toBe(true);
      await waitIngestApplied(request);
      const bad = await admin.post("/api/v1/alert-rules", {
        data: { name: "bad", tier: "page", metric: "error_rate", window: "10m", comparator: "gt", threshold: 0.05 },
      });
      expect(bad.status()).toBe(400);
      expect(((await bad.json()) as { error: { field: string } }).error.field).toBe("window");
      for (const tier of ["ticket", "dashboard"]) {
        const created = await admin.post("/api/v1/alert-rules", {
          data: {
            name: `${feature} errors (${tier})`,
            tier,
            metric: "error_rate",
            filter: { feature },
            groupBy: ["feature"],
            window: "1h",
            comparator: "gt",
            threshold: 0.05,
            channelIds: [],
            minBreaches: 1,
          },
        });
        expect(created.status()).toBe(201);
        const { id } = (await created.json()) as { id: string };
        const evaluated = await admin.post(`/api/v1/alert-rules/${id}/evaluate`);
        expect(((await evaluated.json()) as { data: Array<{ state: string; value: number }> }).data).toEqual([
          expect.objectContaining({ state: "firing", value: 0.5 }),
        ]);
      }
      await admin.dispose();
    });

    await signInWithForm(page, owner, "owner-password");
    await test.step("both firing rules, ticket tier first, and the open ticket show on the Overview", async () => {
      const attention = page.getByLabel("Needs attention");
      const lines = attention.getByRole("listitem");
      await expect(lines.filter({ hasText: `${feature} errors (dashboard)` })).toContainText("error_rate is 50%");
      await expect(lines.filter({ hasText: `${feature} errors (ticket)` })).toContainText("ticket");
      await expect(lines.filter({ hasText: `for ${owner}` })).toContainText("1 open");
    });

    await test.step("the owner finds the ticket in My tickets", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
      await expect(
        page
          .getByRole("table", { name: "Alert rules" })
          .getByRole("row", { name: new RegExp(`${feature} errors \\(ticket\\)`) }),
      ).toContainText("firing");
      await page.getByRole("link", { name: "My tickets" }).first().click();
      await expect(page.getByRole("heading", { name: "My tickets" })).toBeVisible();
      const row = page
        .getByRole("table", { name: "Tickets" })
        .getByRole("row", { name: new RegExp(`${feature} errors \\(ticket\\)`) });
      await expect(row).toContainText("open");
      await expect(row).toContainText(owner);
      await row.getByRole("link").click();
    });

    await test.step("the ticket shows its evidence; the owner acknowledges and comments", async () => {
      const evidence = page.getByLabel("Evidence");
      await expect(evidence).toContainText("Value 50% against threshold 5% over 1h");
      await expect(evidence.getByRole("table", { name: "Top traces" })).toContainText("payment provider 502");
      await page.getByRole("button", { name: "Acknowledge" }).click();
      await expect(page.getByText("Status: acknowledged")).toBeVisible();
      await page.getByRole("form", { name: "Comment" }).getByLabel("Comment").fill("Provider incident, failing over.");
      await page.getByRole("button", { name: "Add comment" }).click();
      const history = page.getByRole("table", { name: "History" });
      await expect(history.getByRole("row", { name: /status .* open → acknowledged/ })).toBeVisible();
      await expect(
        history.getByRole("row", {
          name: new RegExp(`comment ${owner.replace(".", "\\.")} Provider incident, failing over\\.`),
        }),
      ).toBeVisible();
      await page.screenshot({ path: test.info().outputPath("ticket.png"), fullPage: true });
      await evidence.getByRole("link", { name: "Traces behind it" }).click();
      await expect(page).toHaveURL(new RegExp(`/traces\\?feature=${feature}&status=error`));
    });

    await test.step("the rule editor previews what a rule would have done over 7 days", async () => {
      await page.goto("/alerts/rules/new");
      const form = page.getByRole("form", { name: "Rule" });
      await form.getByLabel("Name").fill(`${feature} preview`);
      await form.getByLabel("Only feature").fill(feature);
      await form.getByLabel("Breaching evaluations before firing").fill("1");
      await form.getByRole("button", { name: "Preview last 7 days" }).click();
      const preview = page.getByRole("status", { name: "Preview" });
      await expect(preview).toContainText("would have fired 1 time(s)");
      await expect(preview.getByRole("table", { name: "Would have" })).toContainText(`feature=${feature}`);
    });
  });
});
