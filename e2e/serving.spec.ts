import { expect, test } from "@playwright/test";
import { gaugeMetric, histogramMetric, otlpMetricsJson } from "../ingest/otlp/build-metrics-json";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

const MIN = 60_000;

test.describe("serving", () => {
  test("metrics posted to /v1/metrics show as a GPU chart and latency figures on /serving", async ({
    page,
    request,
  }) => {
    const now = Date.now();
    const gpu = { gpu: "0", UUID: "GPU-e2e-0001", modelName: "NVIDIA H100 80GB HBM3", Hostname: "e2e-node" };
    const model = { "gen_ai.request.model": "llama-e2e" };
    const body = otlpMetricsJson(
      [
        gaugeMetric("DCGM_FI_DEV_GPU_UTIL", "", [
          { timeMs: now - 10 * MIN, value: 40, attributes: gpu },
          { timeMs: now - 5 * MIN, value: 80, attributes: gpu },
        ]),
        gaugeMetric("DCGM_FI_DEV_FB_USED", "", [{ timeMs: now - 5 * MIN, value: 20_480, attributes: gpu }]),
        gaugeMetric("DCGM_FI_DEV_FB_FREE", "", [{ timeMs: now - 5 * MIN, value: 61_440, attributes: gpu }]),
        // Cumulative: 2 first tokens under 100 ms, then 2 more in (100, 200] ms. The two points are
        // more than one 15-minute bucket apart, so the latency series always has two points (a line).
        histogramMetric("gen_ai.server.time_to_first_token", "s", [
          {
            startMs: now - 45 * MIN,
            timeMs: now - 40 * MIN,
            bounds: [0.1, 0.2, 0.4],
            counts: [2, 0, 0, 0],
            attributes: model,
          },
          {
            startMs: now - 45 * MIN,
            timeMs: now - 5 * MIN,
            bounds: [0.1, 0.2, 0.4],
            counts: [2, 2, 0, 0],
            attributes: model,
          },
        ]),
      ],
      { "service.name": "vllm-e2e" },
    );
    const response = await request.post("/v1/metrics", {
      headers: { authorization: `Bearer ${E2E_API_KEY}`, "content-type": "application/json" },
      data: JSON.stringify(body),
    });
    await waitIngestApplied(request);
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({});

    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Serving" }).click();
    await expect(page.getByRole("heading", { name: "Serving", exact: true })).toBeVisible();

    await test.step("latency figures from the histogram's buckets", async () => {
      const ttft = page.getByTestId("latency-ttft");
      await expect(ttft).toContainText("100 ms"); // p50: rank 2 of 4 ends the first bucket
      await expect(ttft).toContainText("190 ms"); // p95: rank 3.8, 1.8 of 2 into (100, 200] ms
      await expect(
        page.getByRole("img", { name: "Serving latency over time" }).locator(".recharts-line").first(),
      ).toBeVisible();
    });

    await test.step("a GPU chart with one line for the GPU", async () => {
      const chart = page.getByRole("img", { name: "GPU utilization over time" });
      await expect(chart).toBeVisible();
      await expect(chart.locator(".recharts-line")).toHaveCount(1);
      await expect(page.getByRole("row", { name: /e2e-node · GPU 0/ })).toContainText("NVIDIA H100 80GB HBM3");
      await expect(page.getByRole("row", { name: /e2e-node · GPU 0/ })).toContainText("20 GiB / 80 GiB");
    });
  });
});
