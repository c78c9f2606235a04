import { expect, test } from "@playwright/test";
import { REPLY, startOpenAiCompatibleServer } from "../ingest/compat/openai-compatible-server";
import { E2E_ADMIN } from "../playwright.config";
import { expectSignedIn, signInWithForm } from "./support/session";
import { sendRun } from "./support/traces";

// Re-run a step: an engineer opens a failed trace, edits the LLM step and runs it against the
// project's endpoint (a local OpenAI-compatible server started here), sees the new answer beside
// the recorded one, and opens the re-run, which is a trace of its own linked to the original.
// It sets the project's judge endpoint (disabled): it must not run beside a spec that relies on the judge's settings.

test.describe("re-run a step", () => {
  let server: Awaited<ReturnType<typeof startOpenAiCompatibleServer>>;
  let failed = "";

  test.beforeAll(async ({ request }) => {
    server = await startOpenAiCompatibleServer();
    failed = await sendRun(request, { feature: `rerun-${Date.now()}`, toolFails: true, startMs: Date.now() - 60_000 });
  });
  test.afterAll(() => server.close());

  test("an engineer re-runs the failed trace's LLM step with another model", async ({ page }) => {
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expectSignedIn(page);

    await test.step("the project's endpoint allows a second model", async () => {
      const saved = await page.request.put("/api/v1/settings/judge", {
        data: { enabled: false, baseUrl: server.baseUrl, model: "gpt-4o-mini", allowedModels: ["gpt-4o"] },
      });
      expect(saved.ok()).toBe(true);
    });

    await test.step("open the editor on the LLM step", async () => {
      await page.goto(`/traces/${failed}`);
      const detail = page.getByRole("article", { name: "Step detail" });
      await page.getByRole("button", { name: "Next step" }).click();
      await page.getByRole("button", { name: "Next step" }).click();
      await expect(page.getByText("Step 3 of 5")).toBeVisible();
      await detail.getByRole("button", { name: "Re-run" }).click();
      const editor = detail.getByRole("form", { name: "Re-run editor" });
      await expect(editor.getByLabel("Messages (JSON)")).toHaveValue(/SECRET-PROMPT where is order 7\?/);
      await editor.getByLabel("Model").selectOption("gpt-4o");
      await editor.getByLabel("temperature").fill("0");
      await editor.getByRole("button", { name: "Run" }).click();
    });

    await test.step("the new answer, its figures and the diff show beside the recorded ones", async () => {
      const result = page.getByRole("region", { name: "Re-run result" });
      await expect(result.getByTestId("rerun-answer")).toHaveText(REPLY.chat);
      await expect(result.getByTestId("rerun-tokens")).toHaveText("11 / 7");
      await expect(result.getByTestId("rerun-cost")).not.toHaveText("–");
      await expect(result.getByTestId("rerun-diff").locator("ins")).not.toHaveCount(0);
      await expect(result.getByTestId("rerun-diff").locator("del")).not.toHaveCount(0);
      await page.screenshot({ path: test.info().outputPath("rerun.png"), fullPage: true });
      await result.getByRole("link", { name: "Open the re-run trace" }).click();
    });

    await test.step("the re-run is a trace of its own, linked to the original", async () => {
      await expect(page).not.toHaveURL(new RegExp(`/traces/${failed}$`));
      const link = page.getByLabel("Re-run of");
      await expect(link).toBeVisible();
      await link.getByRole("link").click();
      await expect(page).toHaveURL(new RegExp(`/traces/${failed}$`));
    });
  });
});
