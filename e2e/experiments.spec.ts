import { expect, test } from "@playwright/test";
import { REPLY, startOpenAiCompatibleServer } from "../ingest/compat/openai-compatible-server";
import { E2E_ADMIN } from "../playwright.config";
import { expectSignedIn, signInWithForm } from "./support/session";
import { sendSession } from "./support/sessions";
import { sendRun } from "./support/traces";

// Experiments (issue 22): an engineer builds a set from two failed traces, runs it against
// another model on the project's endpoint (a local OpenAI-compatible server started here),
// watches it finish, reads the items against the recorded answers, differing first, and
// compares a second run with the first. A session goes into a set from its page, a turn an item.
// It sets the project's judge endpoint (disabled): it must not run beside a spec that relies on the judge's settings.

test.describe("experiments on a regression set", () => {
  let server: Awaited<ReturnType<typeof startOpenAiCompatibleServer>>;
  const traces: string[] = [];
  let session = "";
  const setName = `refund failures ${Date.now()}`;

  test.beforeAll(async ({ request }) => {
    server = await startOpenAiCompatibleServer();
    const feature = `experiments-${Date.now()}`;
    for (const minutes of [3, 2])
      traces.push(await sendRun(request, { feature, toolFails: true, startMs: Date.now() - minutes * 60_000 }));
    session = await sendSession(request, {
      turns: 2,
      failingTurn: null,
      startMs: Date.now() - 10 * 60_000,
      user: `e2e-experiments-${Date.now()}`,
      feature,
    });
  });
  test.afterAll(() => server.close());

  test("an engineer runs a set against another model and compares the runs", async ({ page }) => {
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expectSignedIn(page);
    let setUrl = "";
    let firstRun = "";

    await test.step("the project's endpoint allows a second model, and a set holds the two traces", async () => {
      const saved = await page.request.put("/api/v1/settings/judge", {
        data: { enabled: false, baseUrl: server.baseUrl, model: "gpt-4o-mini", allowedModels: ["gpt-4o"] },
      });
      expect(saved.ok()).toBe(true);
      const created = await page.request.post("/api/v1/sets", { data: { name: setName } });
      expect(created.status()).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const added = await page.request.post(`/api/v1/sets/${id}/items`, { data: { traceIds: traces } });
      expect(await added.json()).toMatchObject({ added: 2, version: 1 });
      setUrl = `/sets/${id}`;
    });

    await test.step("from the sets list, the set's page runs an experiment with gpt-4o", async () => {
      await page.goto("/sets");
      await page.getByRole("table", { name: "Regression sets" }).getByRole("link", { name: setName }).click();
      await expect(page).toHaveURL(new RegExp(`${setUrl}$`));
      await expect(page.getByRole("table", { name: "Set items" }).getByRole("row")).toHaveCount(3);
      const form = page.getByRole("form", { name: "Run experiment" });
      await form.getByLabel("Model").selectOption("gpt-4o");
      await form.getByLabel("temperature").fill("0");
      await form.getByLabel("Concurrency").fill("2");
      await form.getByLabel("Cost cap (USD)").fill("1");
      await form.getByRole("button", { name: "Run experiment" }).click();
      await expect(page).toHaveURL(/\/experiments\/[0-9a-f-]{36}$/);
      firstRun = page.url().split("/").at(-1)!;
    });

    await test.step("the run finishes and its items read against the recorded answers, differing first", async () => {
      const progress = page.getByRole("status", { name: "Progress" });
      await expect(progress).toContainText("done");
      await expect(page.getByTestId("experiment-progress")).toHaveText("2 of 2 items");
      const rows = page.getByRole("table", { name: "Items" }).locator("tbody tr");
      await expect(rows).toHaveCount(2);
      await expect(rows.first()).toHaveAttribute("data-differs", "true");
      await expect(rows.first().getByTestId("item-variant")).toHaveText(REPLY.chat);
      await expect(page.getByTestId("experiment-differing")).toHaveText("2");
      const aggregate = page.getByRole("table", { name: "Aggregate" });
      await expect(aggregate.getByRole("row", { name: /Errors/ })).toContainText("0");
      await page.screenshot({ path: test.info().outputPath("experiment.png"), fullPage: true });
    });

    await test.step("a second run with gpt-4o-mini, compared with the first: the same answers", async () => {
      await page.goto(setUrl);
      const list = page.getByRole("table", { name: "Experiments" });
      await expect(list.locator("tbody tr")).toHaveCount(1);
      await expect(list).toContainText("done");
      const form = page.getByRole("form", { name: "Run experiment" });
      await form.getByLabel("Model").selectOption("gpt-4o-mini");
      await form.getByRole("button", { name: "Run experiment" }).click();
      await expect(page).toHaveURL(/\/experiments\/[0-9a-f-]{36}$/);
      await expect(page.getByRole("status", { name: "Progress" })).toContainText("done");
      await page.getByLabel("Compare with").selectOption(firstRun);
      const rows = page.getByRole("table", { name: "Items" }).locator("tbody tr");
      await expect(rows).toHaveCount(2);
      await expect(rows.first().getByTestId("item-baseline")).toHaveText(REPLY.chat);
      await expect(page.getByTestId("experiment-differing")).toHaveText("0");
      await expect(rows.first()).toHaveAttribute("data-differs", "false");
    });

    await test.step("a session goes into a new set from its page, one item per turn", async () => {
      await page.goto(`/sessions/${encodeURIComponent(session)}`);
      await page.getByRole("button", { name: "Add session to set" }).click();
      const form = page.getByRole("form", { name: "Add to set" });
      await form.getByLabel("New set name").fill(`${setName} session`);
      await form.getByRole("button", { name: "Add" }).click();
      await expect(form.getByRole("status")).toContainText(/Added 2 to .* session, now v1/);
    });
  });
});
