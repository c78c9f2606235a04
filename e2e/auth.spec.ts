import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { expectSignedIn, signInApi, signInWithForm } from "./support/session";

test.describe("signing in and out", () => {
  test("an admin signs in, sees the dashboard shell, and signs out", async ({ page }) => {
    await test.step("unauthenticated visit goes to sign-in", async () => {
      await page.goto("/traces");
      await expect(page).toHaveURL(/\/signin/);
    });
    await test.step("sign in", async () => {
      await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
      await expectSignedIn(page);
    });
    await test.step("shell: navigation, project, user menu", async () => {
      const nav = page.getByRole("navigation", { name: "Main" });
      for (const label of [
        "Overview",
        "Traces",
        "Sessions",
        "End users",
        "Cost",
        "Finance",
        "Quality",
        "Alerts",
        "Settings",
      ]) {
        await expect(nav.getByRole("link", { name: label })).toBeVisible();
      }
      await expect(page.getByLabel("Project")).toHaveValue(/.+/);
      await expect(page.getByLabel("Project").locator("option:checked")).toHaveText("E2E");
      // Specs share one server: the E2E project is empty only when this spec runs first.
      await expect(
        page.getByText("No traces received yet").or(page.getByRole("heading", { name: "Needs attention" })),
      ).toBeVisible();
      await page.screenshot({ path: test.info().outputPath("overview.png") });
    });
    await test.step("sign out", async () => {
      await page.getByRole("button", { name: E2E_ADMIN.email }).click();
      await page.getByRole("menuitem", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/signin/);
      await page.goto("/");
      await expect(page).toHaveURL(/\/signin/);
    });
  });

  test("a wrong password is refused without saying whether the user exists", async ({ page, request }) => {
    await signInWithForm(page, E2E_ADMIN.email, "not-the-password");
    await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/signin/);

    const wrongPassword = await signInApi(request, E2E_ADMIN.email, "not-the-password");
    const unknownUser = await signInApi(request, "nobody@e2e.test", "not-the-password");
    expect(wrongPassword.status()).toBe(401);
    expect(unknownUser.status()).toBe(401);
    expect(await wrongPassword.text()).toBe(await unknownUser.text());
  });
});
