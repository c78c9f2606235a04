import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { expectSignedIn, signInWithForm } from "./support/session";

test.describe("settings: members, roles and API keys", () => {
  test("an admin invites a viewer, who joins and is kept out of Settings", async ({ page, browser }) => {
    const viewerEmail = `viewer-${Date.now()}@e2e.test`;
    let inviteLink = "";
    await test.step("admin invites by e-mail with a role", async () => {
      await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
      await expectSignedIn(page);
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
      await expect(page).toHaveURL(/\/settings\/members/);
      await page.getByLabel("Email").fill(viewerEmail);
      await page.getByLabel("Role for the invitation").selectOption("viewer");
      await page.getByRole("button", { name: "Invite" }).click();
      const link = page.locator(".secret");
      await expect(link).toContainText("/invite/");
      inviteLink = (await link.textContent())!.trim();
      await expect(page.getByRole("cell", { name: new RegExp(`${viewerEmail} \\(invited`) })).toBeVisible();
    });

    const viewerContext = await browser.newContext();
    const viewer = await viewerContext.newPage();
    await test.step("the invitee accepts and lands signed in", async () => {
      await viewer.goto(inviteLink);
      await expect(viewer.getByRole("heading", { name: "Join E2E" })).toBeVisible();
      await viewer.getByLabel("Password").fill("viewer-password");
      await viewer.getByRole("button", { name: "Accept invitation" }).click();
      await expectSignedIn(viewer);
    });

    await test.step("the viewer is blocked from Settings, in the page and in the API", async () => {
      await viewer.goto("/settings/members");
      await expect(viewer.getByRole("heading", { name: "Not allowed" })).toBeVisible();
      await expect(viewer.getByRole("table")).toHaveCount(0);
      await expect(viewer.getByRole("button", { name: "Invite" })).toHaveCount(0);
      await viewer.screenshot({ path: test.info().outputPath("viewer-blocked.png") });
      const api = await viewer.request.get("/api/v1/members");
      expect(api.status()).toBe(403);
      expect((await api.json()).error.code).toBe("forbidden");
    });

    await test.step("the admin promotes the viewer to finance, then removes them", async () => {
      await page.reload();
      const row = page.getByRole("row", { name: new RegExp(viewerEmail) });
      await row.getByRole("combobox").selectOption("finance");
      await expect(page.getByRole("status")).toHaveText("Role changed.");
      await page.reload();
      await expect(page.getByRole("row", { name: new RegExp(viewerEmail) }).getByRole("combobox")).toHaveValue(
        "finance",
      );
      await page
        .getByRole("row", { name: new RegExp(viewerEmail) })
        .getByRole("button", { name: "Remove" })
        .click();
      await page
        .getByRole("dialog", { name: `Remove ${viewerEmail}?` })
        .getByRole("button", { name: "Cancel" })
        .click();
      await expect(page.getByRole("row", { name: new RegExp(viewerEmail) })).toHaveCount(1);
      await page
        .getByRole("row", { name: new RegExp(viewerEmail) })
        .getByRole("button", { name: "Remove" })
        .click();
      await page
        .getByRole("dialog", { name: `Remove ${viewerEmail}?` })
        .getByRole("button", { name: "Remove member" })
        .click();
      await expect(page.getByRole("row", { name: new RegExp(viewerEmail) })).toHaveCount(0);
    });
    await viewerContext.close();
  });

  test("an admin creates an API key, sees the secret once, uses it and revokes it", async ({ page, request }) => {
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expectSignedIn(page);
    await page.goto("/settings/api-keys");
    await page.getByLabel("Key name").fill("ci exporter");
    await page.getByRole("button", { name: "Create API key" }).click();
    const secret = (await page.getByTestId("new-secret").textContent())!.trim();
    expect(secret).toMatch(/^sk-obs-/);
    const row = page.getByRole("row", { name: /ci exporter/ });
    await expect(row).toContainText("active");
    await expect(row).not.toContainText(secret);
    await page.reload();
    await expect(page.getByTestId("new-secret")).toHaveCount(0);

    // A machine key cannot manage people: those routes are for signed-in admins.
    const withKey = await request.get("/api/v1/members", { headers: { authorization: `Bearer ${secret}` } });
    expect(withKey.status()).toBe(401);

    await page
      .getByRole("row", { name: /ci exporter/ })
      .getByRole("button", { name: "Revoke ci exporter" })
      .click();
    await page.getByRole("dialog", { name: "Revoke ci exporter?" }).getByRole("button", { name: "Revoke key" }).click();
    await expect(page.getByRole("row", { name: /ci exporter/ })).toContainText("revoked");
  });
});
