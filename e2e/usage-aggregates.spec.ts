import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../ingest/otlp/build-json";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { expectSignedIn, signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

const send = async (request: APIRequestContext, spans: JsonSpan[]) => {
  const response = await request.post("/v1/traces", {
    headers: { authorization: `Bearer ${E2E_API_KEY}`, "content-type": "application/json" },
    data: JSON.stringify(otlpJson(spans)),
  });
  await waitIngestApplied(request);
  expect(response.ok()).toBe(true);
};

test.describe("usage counted once", () => {
  const feature = `agent-${Date.now()}`;
  const traceId = randomBytes(16).toString("hex");
  const agent = randomBytes(8).toString("hex");
  const usage = (input: number, output: number) => ({
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.usage.input_tokens": input,
    "gen_ai.usage.output_tokens": output,
  });

  test.beforeAll(async ({ request }) => {
    const t = Date.now() - 60_000;
    // The agent (repeating its calls' usage) first, its two chat calls in a later request.
    await send(request, [
      {
        traceId,
        spanId: agent,
        name: "invoke_agent support",
        startMs: t,
        durationMs: 900,
        attributes: {
          "gen_ai.operation.name": "invoke_agent",
          ...usage(300, 30),
          "tenant.id": "e2e-tenant",
          "feature.name": feature,
        },
      },
    ]);
    await send(request, [
      {
        traceId,
        spanId: randomBytes(8).toString("hex"),
        parentSpanId: agent,
        name: "chat first",
        startMs: t + 10,
        durationMs: 300,
        attributes: { "gen_ai.operation.name": "chat", ...usage(100, 10) },
      },
      {
        traceId,
        spanId: randomBytes(8).toString("hex"),
        parentSpanId: agent,
        name: "chat second",
        startMs: t + 400,
        durationMs: 300,
        attributes: { "gen_ai.operation.name": "chat", ...usage(200, 20) },
      },
    ]);
  });

  test("the agent's tokens are shown as its children's sum and counted once in the list and the trace", async ({
    page,
  }) => {
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expectSignedIn(page);

    await page.goto(`/traces?feature=${feature}`);
    const rows = page.getByRole("table", { name: "Traces" }).getByRole("row");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1).getByRole("cell").nth(6)).toHaveText("330");
    await rows.nth(1).getByRole("link").click();

    await expect(page.getByText("Tokens: 330")).toBeVisible();
    const detail = page.getByRole("article", { name: "Step detail" });
    await expect(detail).toContainText("invoke_agent support");
    await expect(detail).toContainText("300 / 30: sum of children, not counted");
    await page.getByRole("button", { name: "Next step" }).click();
    await expect(detail).toContainText("chat first");
    await expect(detail).toContainText("100 / 10");
    await expect(detail).not.toContainText("not counted");
    await page.screenshot({ path: test.info().outputPath("aggregate-step.png"), fullPage: true });
  });
});
