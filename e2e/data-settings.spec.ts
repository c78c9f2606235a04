import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../ingest/otlp/build-json";
import { E2E_ADMIN } from "../playwright.config";
import { expectSignedIn, signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

// Runs in a project of its own: retention and deletion must not touch the other specs' data.
test.describe("settings: data", () => {
  test("an admin sets retention, erases an end user's data and deletes the project", async ({ page }) => {
    const name = `data-e2e-${randomBytes(3).toString("hex")}`;
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expectSignedIn(page);
    const created = await page.request.post("/api/v1/projects", { data: { name } });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const key = (
      (await (await page.request.post(`/api/v1/projects/${id}/api-keys`, { data: { name: "exporter" } })).json()) as {
        secretKey: string;
      }
    ).secretKey;
    expect((await page.request.post("/api/session/project", { data: { projectId: id } })).ok()).toBe(true);

    const trace = randomBytes(16).toString("hex");
    const spans: JsonSpan[] = [
      {
        traceId: trace,
        spanId: randomBytes(8).toString("hex"),
        name: "chat",
        startMs: Date.now() - 60_000,
        durationMs: 100,
        attributes: { "user.id": "end-user-7", "gen_ai.request.model": "gpt-4o" },
      },
    ];
    expect(
      (
        await page.request.post("/v1/traces", {
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          data: JSON.stringify(otlpJson(spans)),
        })
      ).ok(),
    ).toBe(true);
    await waitIngestApplied(page.request);

    await page.goto("/settings/data");
    await test.step("retention: saved and applied, with a field-named refusal first", async () => {
      const form = page.getByRole("form", { name: "Retention" });
      await form.getByLabel("Spans and traces (days)").fill("30");
      await form.getByLabel("Payloads (days)").fill("60");
      await form.getByRole("button", { name: "Save and apply" }).click();
      await expect(form.getByRole("alert")).toContainText("payloadDays");
      await form.getByLabel("Payloads (days)").fill("7");
      await form.getByRole("button", { name: "Save and apply" }).click();
      await expect(form.getByRole("status")).toContainText("Saved. Removed nothing.");
    });

    await test.step("a privacy request removes the user's trace", async () => {
      const form = page.getByRole("form", { name: "Delete an end user's data" });
      await form.getByLabel("End user id").fill("end-user-7");
      await form.getByRole("button", { name: "Delete their data" }).click();
      await page
        .getByRole("dialog", { name: "Delete this end user's data?" })
        .getByRole("button", { name: "Delete their data" })
        .click();
      await expect(form.getByRole("status")).toContainText("Removed 1 traces (1 spans)");
      expect((await page.request.get(`/api/v1/traces/${trace}`)).status()).toBe(404);
    });

    await test.step("the project goes once its name is typed", async () => {
      const section = page.getByRole("region", { name: "Delete this project" });
      const button = section.getByRole("button", { name: "Delete project" });
      await expect(button).toBeDisabled();
      await section.getByLabel("Project name").fill(name);
      await button.click();
      await expect(page).not.toHaveURL(/\/settings\/data/);
      const projects = (await (await page.request.get("/api/v1/projects")).json()) as { data: Array<{ id: string }> };
      expect(projects.data.map((p) => p.id)).not.toContain(id);
    });
  });
});
