import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { expectSignedIn, signInWithForm } from "./support/session";

// The look and feel (ARCHITECTURE.md, UI): pages load behind a Suspense boundary keyed by the
// URL, so a same-route navigation renders each thing once; dialogs and menus are Radix ones;
// the theme follows the system's colour scheme.

test("one look and feel: same-route navigation, dialogs, menu, dark mode", async ({ page }) => {
  await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expectSignedIn(page);

  await test.step("a new period on the Overview renders the page once", async () => {
    const periods = page.getByRole("navigation", { name: "Period" });
    await periods.getByRole("link", { name: "Last 7d" }).click();
    await expect(page).toHaveURL(/period=7d/);
    await expect(periods.getByRole("link", { name: "Last 7d" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { name: "Overview" })).toHaveCount(1);
    await expect(page.getByRole("navigation", { name: "Period" })).toHaveCount(1);
  });

  await test.step("a navigation shows its loading state before the server has answered", async () => {
    // The page's own request is held until the state is seen: it can only come from the client.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const isCost = (url: URL) => url.pathname === "/cost";
    await page.route(isCost, async (route) => {
      const headers = route.request().headers();
      if (headers["rsc"] && !headers["next-router-prefetch"]) await held;
      await route.continue();
    });
    await page.goto("/");
    const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cost" });
    await link.click();
    await expect(link.getByTestId("navigating")).toBeVisible();
    release();
    await expect(page).toHaveURL(/\/cost$/);
    await expect(page.getByRole("heading", { name: "Cost", level: 1 })).toBeVisible();
    await expect(link.getByTestId("navigating")).toHaveCount(0);
    await page.unroute(isCost);
  });

  await test.step("a filter link on Traces renders one form that shows the URL's state", async () => {
    await page.goto("/traces");
    await page.getByRole("link", { name: "Failed" }).click();
    await expect(page).toHaveURL(/status=error/);
    await expect(page.getByRole("form", { name: "Trace filters" })).toHaveCount(1);
    await expect(page.getByLabel("Status")).toHaveValue("error");
  });

  await test.step("New project opens a dialog that Escape closes", async () => {
    await page.getByRole("button", { name: "New project" }).click();
    const dialog = page.getByRole("dialog", { name: "New project" });
    await expect(dialog.getByLabel("Name")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
  });

  await test.step("the user menu is a menu", async () => {
    await page.getByRole("button", { name: E2E_ADMIN.email }).click();
    await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menuitem", { name: "Sign out" })).toHaveCount(0);
  });

  await test.step("the theme follows the system setting", async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(background).toBe("rgb(15, 17, 21)");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(background).toBe("rgb(247, 248, 250)");
  });
});
