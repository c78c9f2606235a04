import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../ingest/otlp/build-json";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { expectSignedIn, signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

// What normalization now shows: a model call served on GPUs as an LLM step with its GPU,
// 2026 GenAI parts with the system instructions first, TPOT, and estimated tokens.

test.describe("normalized steps in the replay", () => {
  const traceId = randomBytes(16).toString("hex");
  const id = () => randomBytes(8).toString("hex");

  test.beforeAll(async ({ request }) => {
    const root = id();
    const t = Date.now() - 60_000;
    const spans: JsonSpan[] = [
      {
        traceId,
        spanId: root,
        name: "answer weather question",
        startMs: t,
        durationMs: 3000,
        attributes: { "tenant.id": "e2e-tenant", "feature.name": "normalize-e2e" },
      },
      {
        traceId,
        spanId: id(),
        parentSpanId: root,
        name: "generate llama-3.1-70b",
        startMs: t + 10,
        durationMs: 2000,
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.request.model": "llama-3.1-70b-instruct",
          "gen_ai.usage.input_tokens": 3100,
          "gen_ai.usage.output_tokens": 410,
          "gpu.type": "H100",
          "gpu.count": 4,
          "gpu.utilization": 0.78,
          "gen_ai.client.operation.time_to_first_chunk": 0.31,
          "gen_ai.client.operation.time_per_output_chunk": 0.012,
          "gen_ai.system_instructions": JSON.stringify([
            { type: "text", content: "You are a terse weather assistant." },
          ]),
          "gen_ai.input.messages": JSON.stringify([
            { role: "user", parts: [{ type: "text", content: "Weather in Paris?" }] },
          ]),
          "gen_ai.output.messages": JSON.stringify([
            {
              role: "assistant",
              parts: [{ type: "tool_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } }],
              finish_reason: "tool_call",
            },
          ]),
        },
      },
      {
        traceId,
        spanId: id(),
        parentSpanId: root,
        name: "OpenAI Chat Completions",
        startMs: t + 2100,
        durationMs: 500,
        attributes: {
          "openinference.span.kind": "LLM",
          "llm.model_name": "gpt-4o-mini",
          "llm.input_messages.0.message.role": "user",
          "llm.input_messages.0.message.content": "Describe the colour blue in three words.",
          "llm.output_messages.0.message.role": "assistant",
          "llm.output_messages.0.message.content": "Blue is calm.",
        },
      },
    ];
    const response = await request.post("/v1/traces", {
      headers: { authorization: `Bearer ${E2E_API_KEY}`, "content-type": "application/json" },
      data: JSON.stringify(otlpJson(spans)),
    });
    await waitIngestApplied(request);
    expect(response.ok()).toBe(true);
  });

  test("an engineer sees the GPU, the system prompt, tool calls, TPOT and estimated tokens", async ({
    page,
    request,
  }) => {
    const api = await request.get(`/api/v1/traces/${traceId}`, { headers: { authorization: `Bearer ${E2E_API_KEY}` } });
    const detail = (await api.json()) as {
      spans: Array<{
        name: string;
        kind: string;
        gpuType: string | null;
        usageEstimated: boolean;
        timePerOutputTokenMs: number | null;
      }>;
    };
    expect(detail.spans.find((s) => s.name.startsWith("generate"))).toMatchObject({
      kind: "llm",
      gpuType: "H100",
      usageEstimated: false,
      timePerOutputTokenMs: 12,
    });
    expect(detail.spans.find((s) => s.name === "OpenAI Chat Completions")).toMatchObject({
      kind: "llm",
      usageEstimated: true,
    });

    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expectSignedIn(page);
    await page.goto(`/traces/${traceId}`);
    const step = page.getByRole("article", { name: "Step detail" });
    // A direct load can leave a hidden copy of streamed text outside <main> (seen with Chromium
    // 156.0.8078.114, not .73): the visible one is what the user reads.
    await expect(page.getByText("Step 1 of 3").filter({ visible: true })).toBeVisible();
    await page.getByRole("button", { name: "Next step" }).click();
    await expect(step).toContainText("(llm)");
    await expect(step).toContainText("4 × H100");
    await expect(step).toContainText("Time per output token");
    await expect(step).toContainText("12 ms");
    await expect(step).toContainText("You are a terse weather assistant.");
    await expect(step).toContainText('→ tool call get_weather({"city":"Paris"})');
    await page.screenshot({ path: test.info().outputPath("gpu-llm-step.png"), fullPage: true });
    await page.getByRole("button", { name: "Next step" }).click();
    await expect(step).toContainText("Blue is calm.");
    await expect(step.getByTestId("usage-estimated")).toHaveText("estimated");
    await expect(page.getByText("(some estimated)")).toBeVisible();

    await page.goto("/cost?range=24h&feature=normalize-e2e");
    await expect(page.getByTestId("cost-latency").filter({ visible: true })).toContainText("12 ms");
  });
});
