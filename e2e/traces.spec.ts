import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { expectSignedIn, signInApi, signInWithForm } from "./support/session";
import { sendRun } from "./support/traces";
import { waitIngestApplied } from "./support/ingest-applied";

test.describe("trace explorer and replay", () => {
  const feature = `replay-${Date.now()}`;
  let failed = "";
  let succeeded = "";

  test.beforeAll(async ({ request }) => {
    succeeded = await sendRun(request, { feature, toolFails: false, startMs: Date.now() - 120_000 });
    failed = await sendRun(request, { feature, toolFails: true, startMs: Date.now() - 60_000 });
  });

  test("an engineer finds the failed trace and steps to the failing tool call", async ({ page }) => {
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expectSignedIn(page);

    await test.step("the filter fields show the URL's state after a link, and Apply keeps it", async () => {
      await page.goto(`/traces?feature=${feature}`);
      const filters = page.getByRole("form", { name: "Trace filters" });
      await expect(filters.getByLabel("Status")).toHaveValue("");
      await filters.getByRole("link", { name: "Failed" }).click();
      await expect(page).toHaveURL(/status=error/);
      await expect(filters.getByLabel("Status")).toHaveValue("error");
      await filters.getByRole("button", { name: "Apply" }).click();
      await expect(page).toHaveURL(new RegExp(`status=error.*feature=${feature}|feature=${feature}.*status=error`));
      await expect(page.getByRole("table", { name: "Traces" }).getByRole("row")).toHaveCount(2);
    });

    await test.step("the list opens filtered from the URL", async () => {
      await page.goto(`/traces?status=error&feature=${feature}&minCostUsd=oops`);
      await expect(page.getByRole("status")).toContainText("Ignored invalid filter value: minCostUsd");
      const rows = page.getByRole("table", { name: "Traces" }).getByRole("row");
      await expect(rows).toHaveCount(2); // header + the failed run only
      await expect(rows.nth(1)).toContainText("lookup_order timed out");
      await page.screenshot({ path: test.info().outputPath("trace-list.png"), fullPage: true });
      await rows.nth(1).getByRole("link").click();
      await expect(page).toHaveURL(new RegExp(`/traces/${failed}$`));
    });

    await test.step("the first error is surfaced with its span", async () => {
      await expect(page.getByRole("alert", { name: "First error" })).toContainText("execute_tool lookup_order");
      await expect(page.getByRole("tree", { name: "Span tree" }).getByRole("treeitem")).toHaveCount(5);
    });

    await test.step("step with the buttons, then the keyboard", async () => {
      const detail = page.getByRole("article", { name: "Step detail" });
      await expect(page.getByText("Step 1 of 5")).toBeVisible();
      await page.getByRole("button", { name: "Next step" }).click();
      await expect(detail).toContainText("vector search");
      await expect(detail).toContainText("kb-1");
      await expect(detail).toContainText("score 0.91");
      await page.getByRole("button", { name: "Next step" }).click();
      await expect(detail).toContainText("gpt-4o");
      await expect(detail).toContainText("order-help v5");
      await expect(detail).toContainText("SECRET-PROMPT");
      await page.keyboard.press("ArrowRight");
      await expect(page.getByText("Step 4 of 5")).toBeVisible();
      await expect(detail).toContainText("execute_tool lookup_order");
      await expect(detail.getByRole("alert")).toContainText("lookup_order timed out");
      await page.keyboard.press("ArrowLeft");
      await expect(page.getByText("Step 3 of 5")).toBeVisible();
      await page.keyboard.press("ArrowRight");
      await page.screenshot({ path: test.info().outputPath("failing-tool-step.png"), fullPage: true });
    });

    await test.step("compare with the latest successful run of the feature", async () => {
      await page.getByRole("link", { name: "Compare" }).click();
      await expect(page.getByLabel("Compare with trace id")).toHaveValue(succeeded);
      const table = page.getByRole("table", { name: "Step comparison" });
      const tool = table.getByRole("row", { name: /lookup_order/ });
      await expect(tool).toContainText("status: ok");
      await expect(tool).toContainText("error: lookup_order timed out");
      await expect(
        table.getByRole("row", { name: /chat gpt-4o order-help|llm · chat gpt-4o changed/ }).first(),
      ).toContainText("prompt version");
      await page.screenshot({ path: test.info().outputPath("compare.png"), fullPage: true });
    });
  });

  test("the trace downloads as OTLP JSON that re-imports into another project, and unknown ids are not found", async ({
    page,
    request,
  }) => {
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expectSignedIn(page);
    const exported = await page.request.get(`/api/v1/traces/${failed}/otlp`);
    expect(exported.status()).toBe(200);
    const body = await exported.json();
    expect(body.resourceSpans[0].scopeSpans[0].spans).toHaveLength(5);

    const other = (await (
      await page.request.post("/api/v1/projects", { data: { name: `Import ${Date.now()}` } })
    ).json()) as { id: string };
    const { secretKey } = (await (
      await page.request.post(`/api/v1/projects/${other.id}/api-keys`, { data: { scopes: ["ingest", "read"] } })
    ).json()) as { secretKey: string };
    const headers = { authorization: `Bearer ${secretKey}` };
    expect((await request.get(`/api/v1/traces/${failed}`, { headers })).status()).toBe(404);
    const reimport = await request.post("/v1/traces", {
      headers: { ...headers, "content-type": "application/json" },
      data: JSON.stringify(body),
    });
    await waitIngestApplied(request);
    expect(reimport.status()).toBe(200);
    const copy = await (await request.get(`/api/v1/traces/${failed}`, { headers })).json();
    expect(copy).toMatchObject({ feature, tenant: "e2e-tenant", status: "error" });
    expect(copy.spans.find((s: { name: string }) => s.name === "chat gpt-4o")).toMatchObject({
      model: "gpt-4o",
      inputTokens: 500,
      promptVersion: "v5",
    });
    await page.goto("/traces/0123456789abcdef0123456789abcdef");
    await expect(page.getByRole("heading", { name: "Trace not found" })).toBeVisible();
  });

  test("a finance user sees the structure with payloads hidden", async ({ page, playwright, baseURL }) => {
    const admin = await playwright.request.newContext({ baseURL });
    await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password);
    const email = `finance-${Date.now()}@e2e.test`;
    const invite = await admin.post("/api/v1/members", { data: { email, role: "finance" } });
    const token = ((await invite.json()) as { invitePath: string }).invitePath.split("/").pop();
    expect((await admin.post("/api/invitations/accept", { data: { token, password: "finance-pass" } })).ok()).toBe(
      true,
    );
    await admin.dispose();

    await signInWithForm(page, email, "finance-pass");
    await expectSignedIn(page);
    await page.goto(`/traces/${failed}`);
    // A direct load can leave a hidden copy of streamed text outside <main> (seen with Chromium
    // 156.0.8078.114, not .73): the visible one is what the user reads.
    await expect(
      page
        .getByText("Payloads (prompts, answers, documents, tool data) are hidden for your role.")
        .filter({ visible: true }),
    ).toBeVisible();
    await page.getByRole("button", { name: "Next step" }).click();
    await page.getByRole("button", { name: "Next step" }).click();
    const detail = page.getByRole("article", { name: "Step detail" });
    await expect(detail).toContainText("gpt-4o");
    await expect(detail).toContainText("Input: hidden for your role");
    await expect(page.locator("body")).not.toContainText("SECRET-PROMPT");
    const api = await page.request.get(`/api/v1/traces/${failed}`);
    expect(JSON.stringify(await api.json())).not.toContain("SECRET-PROMPT");
    await page.screenshot({ path: test.info().outputPath("finance-hidden.png"), fullPage: true });
    // Text search reads payloads: no search box, a shared link's q is left out, the API refuses q.
    await page.goto("/traces?q=SECRET-PROMPT");
    await expect(
      page.getByText("Text search reads prompts and answers, which your role does not see").filter({ visible: true }),
    ).toBeVisible();
    await expect(page.getByRole("searchbox")).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Traces" })).toBeVisible();
    const search = await page.request.get("/api/v1/traces?q=SECRET-PROMPT");
    expect(search.status()).toBe(403);
    expect(JSON.stringify(await search.json())).toContain("q");
  });
});
