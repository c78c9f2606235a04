import { randomBytes } from "node:crypto";
import { expect, test, type Browser } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { signInApi, signInWithForm } from "./support/session";
import { sendRun } from "./support/traces";

// Every page as each kind of member sees it, at a desktop and a small laptop width: no page
// scrolls sideways, and each is kept as a screenshot for review. The Overview's figures are the
// API's for the same period.

const PAGES = [
  "/",
  "/traces",
  "/sessions",
  "/users",
  "/cost",
  "/finance",
  "/quality",
  "/serving",
  "/alerts",
  "/settings/members",
];
const WIDTHS = [1440, 1024];
const run = randomBytes(3).toString("hex");
const members = { finance: `screens-finance-${run}@e2e.test`, viewer: `screens-viewer-${run}@e2e.test` };
const PASSWORD = "screens-password";

test.describe("pages at 1440 and 1024 px", () => {
  // Twenty pages and full-page screenshots per test: a journey, given room on a busy machine.
  test.describe.configure({ timeout: 300_000 });
  test.beforeAll(async ({ playwright, baseURL, request }) => {
    await sendRun(request, { feature: `screens-${run}`, toolFails: true, startMs: Date.now() - 30 * 60_000 });
    const admin = await playwright.request.newContext({ baseURL });
    await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password);
    for (const [role, email] of Object.entries(members)) {
      const invite = await admin.post("/api/v1/members", { data: { email, role } });
      expect(invite.status()).toBe(201);
      const token = ((await invite.json()) as { invitePath: string }).invitePath.split("/").pop();
      expect((await admin.post("/api/invitations/accept", { data: { token, password: PASSWORD } })).ok()).toBe(true);
    }
    await admin.dispose();
  });

  async function visitAll(browser: Browser, role: string, email: string, password: string) {
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await signInWithForm(page, email, password);
      await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
      for (const path of PAGES) {
        await page.goto(path);
        await expect(page.locator("main h1").first()).toBeVisible();
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${path} scrolls sideways at ${width} px for ${role}`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: test
            .info()
            .outputPath(`${role}-${width}-${path === "/" ? "overview" : path.slice(1).replaceAll("/", "-")}.png`),
          fullPage: true,
        });
      }
      await context.close();
    }
  }

  test("admin", async ({ browser }) => visitAll(browser, "admin", E2E_ADMIN.email, E2E_ADMIN.password));
  test("finance", async ({ browser }) => visitAll(browser, "finance", members.finance, PASSWORD));
  test("viewer", async ({ browser }) => visitAll(browser, "viewer", members.viewer, PASSWORD));

  test("the Overview shows the API's figures for the same period", async ({ page }) => {
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await page.goto("/?period=7d");
    await expect(
      page.getByRole("navigation", { name: "Period" }).getByRole("link", { name: "Last 7d" }),
    ).toHaveAttribute("aria-current", "page");
    const api = (await (await page.request.get("/api/v1/overview?period=7d")).json()) as {
      totals: { requests: number };
    };
    expect(api.totals.requests).toBeGreaterThan(0);
    await expect(page.getByLabel("Requests", { exact: true }).locator(".stat")).toHaveText(
      api.totals.requests.toLocaleString("en-US"),
    );
    await expect(
      page.getByRole("table", { name: "Features" }).getByRole("row", { name: new RegExp(`screens-${run}`) }),
    ).toBeVisible();
  });

  test("the feature table keeps each row on one line at 1024 px", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.goto("/?period=24h");
    const row = page.getByRole("table", { name: "Features" }).getByRole("row", { name: new RegExp(`screens-${run}`) });
    await expect(row).toBeVisible();
    // The row's errors, cost and alerts links sit side by side, not under each other: one top edge.
    const tops = await row
      .getByRole("cell")
      .last()
      .getByRole("link")
      .evaluateAll((links) => links.map((l) => Math.round(l.getBoundingClientRect().top)));
    expect(tops.length).toBe(3);
    expect(new Set(tops).size, `link tops ${tops.join(", ")}`).toBe(1);
    await context.close();
  });
});
