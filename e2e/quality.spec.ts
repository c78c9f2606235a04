import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../ingest/otlp/build-json";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { signInApi, signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };

/** One answer by `model` under prompt `version`; answers its trace id. */
async function sendAnswer(
  request: APIRequestContext,
  feature: string,
  model: string,
  version: string,
): Promise<string> {
  const traceId = randomBytes(16).toString("hex");
  const span: JsonSpan = {
    traceId,
    spanId: randomBytes(8).toString("hex"),
    name: `answer ${model}`,
    startMs: Date.now() - 120_000,
    durationMs: 200,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": model,
      "gen_ai.prompt.name": "qa",
      "gen_ai.prompt.version": version,
      "feature.name": feature,
      "gen_ai.output.messages": JSON.stringify([{ role: "assistant", content: `An answer from ${model}.` }]),
    },
  };
  const response = await request.post("/v1/traces", {
    headers: { ...auth, "content-type": "application/json" },
    data: JSON.stringify(otlpJson([span])),
  });
  await waitIngestApplied(request);
  expect(response.ok()).toBe(true);
  return traceId;
}

test.describe("quality", () => {
  test("a reviewer filters /quality by model, follows the lowest score to its trace, annotates it and sees end-user feedback", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const run = randomBytes(3).toString("hex");
    const score = `accuracy-${run}`;
    const feature = `qa-${run}`;
    const [good1, good2, bad, middling] = [
      await sendAnswer(request, feature, "gpt-4o", "1"),
      await sendAnswer(request, feature, "gpt-4o", "1"),
      await sendAnswer(request, feature, "claude-sonnet-4", "2"),
      await sendAnswer(request, feature, "claude-sonnet-4", "2"),
    ];

    await test.step("scores arrive through the API, bad items refused by index", async () => {
      const response = await request.post("/api/v1/scores", {
        headers: auth,
        data: {
          scores: [
            { traceId: good1, name: score, value: 0.9 },
            { traceId: good2, name: score, value: 0.8 },
            { traceId: bad, name: score, value: 0.15, comment: "invented a refund policy" },
            { traceId: middling, name: score, value: 0.4 },
            { traceId: bad, name: "", value: 1 },
          ],
        },
      });
      expect(response.status()).toBe(200);
      expect(await response.json()).toEqual({
        accepted: 4,
        rejected: [{ index: 4, error: expect.stringMatching(/^name:/) }],
        pending: [],
      });
      const metrics = await request.get(`/api/v1/metrics/quality?groupBy=model&name=${score}`, { headers: auth });
      const rows = ((await metrics.json()) as { data: Array<{ model: string; avg: number; count: number }> }).data;
      expect(rows.map((r) => [r.model, r.count, Number(r.avg.toFixed(4))])).toEqual([
        ["claude-sonnet-4", 2, 0.275],
        ["gpt-4o", 2, 0.85],
      ]);
    });

    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Quality" }).click();
    await expect(page.getByRole("heading", { name: "Quality", exact: true })).toBeVisible();

    await test.step("filter by model and find the lowest score", async () => {
      const filters = page.getByRole("form", { name: "Quality filters" });
      await filters.getByRole("combobox", { name: "Period" }).selectOption("24h");
      await filters.getByRole("combobox", { name: "Score" }).selectOption(score);
      await filters.getByRole("textbox", { name: "Model" }).fill("claude-sonnet-4");
      await filters.getByRole("button", { name: "Apply" }).click();
      await expect(page).toHaveURL(/model=claude-sonnet-4/);
      await expect(page.getByRole("img", { name: `Average ${score} over time` })).toBeVisible();
      const lowest = page.getByRole("table", { name: "Lowest-scoring traces" });
      await expect(lowest.getByRole("row")).toHaveCount(3); // header + the two claude answers
      await expect(lowest.getByRole("row").nth(1)).toContainText("0.15");
      await expect(lowest.getByRole("row").nth(1)).toContainText("invented a refund policy");
      await page.screenshot({ path: test.info().outputPath("quality-filtered.png"), fullPage: true });
      await lowest.getByRole("row").nth(1).getByRole("link").click();
    });

    await test.step("the trace shows its scores; the reviewer annotates it", async () => {
      await expect(page).toHaveURL(new RegExp(`/traces/${bad}`));
      const scores = page.getByLabel("Scores");
      await expect(scores.getByRole("row", { name: new RegExp(`${score} 0.15 api trace`) })).toBeVisible();
      const annotate = page.getByRole("form", { name: "Annotate" });
      await annotate.getByLabel("Score name").fill("review");
      await annotate.getByLabel("Value").fill("0");
      await annotate.getByLabel("Label").fill("hallucination");
      await annotate.getByLabel("Comment").fill("policy does not exist");
      await annotate.getByRole("button", { name: "Save score" }).click();
      await expect(
        scores.getByRole("row", { name: /review 0 · hallucination api trace admin@e2e\.test policy does not exist/ }),
      ).toBeVisible();
    });

    await test.step("end-user feedback with a public key shows on the trace", async () => {
      const admin = await playwright.request.newContext({ baseURL });
      await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password);
      const created = await admin.post("/api/v1/feedback-keys", {
        data: { name: `web-${run}`, allowedOrigins: ["https://shop.example.com"] },
      });
      expect(created.status()).toBe(201);
      const { publicKey } = (await created.json()) as { publicKey: string };
      await admin.dispose();
      const feedback = await request.post(`/api/v1/feedback?key=${publicKey}`, {
        headers: { origin: "https://shop.example.com", "content-type": "text/plain" },
        data: JSON.stringify({ traceId: bad, rating: "down", comment: "wrong" }),
      });
      expect(feedback.status()).toBe(200);
      expect(feedback.headers()["access-control-allow-origin"]).toBe("https://shop.example.com");
      const foreign = await request.post(`/api/v1/feedback?key=${publicKey}`, {
        headers: { origin: "https://evil.example" },
        data: { traceId: bad, rating: "up" },
      });
      expect(foreign.status()).toBe(403);
      await page.reload();
      await expect(
        page.getByLabel("Scores").getByRole("row", { name: /user_feedback 0 · down feedback trace anonymous wrong/ }),
      ).toBeVisible();
      await page.screenshot({ path: test.info().outputPath("trace-scores.png"), fullPage: true });
    });
  });
});
