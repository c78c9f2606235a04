import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { expectSignedIn, signInWithForm } from "./support/session";
import { sendSession } from "./support/sessions";

// Issue 19: from a failed conversation to the failing step of its third turn.
test.describe("sessions and replay", () => {
  const user = `e2e-user-${Date.now()}`;
  let failed = "";
  let succeeded = "";

  test.beforeAll(async ({ request }) => {
    succeeded = await sendSession(request, { turns: 3, failingTurn: null, startMs: Date.now() - 20 * 60_000, user });
    failed = await sendSession(request, { turns: 3, failingTurn: 3, startMs: Date.now() - 10 * 60_000, user });
  });

  test("an engineer opens the failed session and jumps to the failing step of its third turn", async ({ page }) => {
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expectSignedIn(page);

    await test.step("the sessions list filters on a failed turn and the end user", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" }).click();
      await expect(page).toHaveURL(/\/sessions$/);
      const filters = page.getByRole("form", { name: "Session filters" });
      await filters.getByLabel("Status").selectOption("error");
      await filters.getByLabel("End user").fill(user);
      await filters.getByRole("button", { name: "Apply" }).click();
      await expect(page).toHaveURL(/status=error/);
      const rows = page.getByRole("table", { name: "Sessions" }).getByRole("row");
      await expect(rows).toHaveCount(2); // header + the failed session only
      await expect(rows.nth(1)).toContainText(failed);
      await expect(rows.nth(1)).toContainText("1 failed turn");
      await rows.nth(1).getByRole("link", { name: failed }).click();
      await expect(page).toHaveURL(new RegExp(`/sessions/${failed}$`));
    });

    await test.step("the conversation reads turn by turn, the third marked failed", async () => {
      const turns = page.getByRole("list", { name: "Conversation" }).getByRole("listitem");
      await expect(turns).toHaveCount(3);
      await expect(turns.nth(0)).toContainText("Hi, where is my order #4411?");
      await expect(turns.nth(0)).toContainText("Let me look that up for you.");
      await expect(turns.nth(2)).toHaveAttribute("data-status", "error");
      await expect(page.getByRole("alert", { name: "Failed turn" })).toContainText("Turn 3 failed");
      await expect(page.getByLabel("Session totals")).toContainText("Turns: 3");
    });

    await test.step("the key f opens the failed turn at its failing step", async () => {
      await page.keyboard.press("f");
      const third = page.getByRole("listitem", { name: "Turn 3 (failed)" });
      await expect(third).toBeFocused();
      await expect(third.getByRole("button", { name: "Hide steps" })).toBeVisible();
      await expect(third.getByRole("tree", { name: "Span tree" })).toBeVisible();
      await expect(third.getByRole("article", { name: "Step detail" })).toContainText("execute_tool lookup_order");
      await expect(third.getByRole("article", { name: "Step detail" })).toContainText("lookup_order timed out");
    });

    await test.step("the failed session is compared with the last successful one, turn by turn", async () => {
      const table = page.getByRole("table", { name: "Turn by turn" });
      await expect(table.getByRole("row")).toHaveCount(4);
      await expect(page.getByRole("link", { name: succeeded })).toBeVisible();
    });
  });
});
