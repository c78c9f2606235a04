import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { Client, credentials, Metadata } from "@grpc/grpc-js";
import { otlpJson } from "../ingest/otlp/build-json";
import { ExportTraceServiceRequest } from "../ingest/otlp/schema";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { expectSignedIn, signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

const auth = { authorization: `Bearer ${E2E_API_KEY}` };
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

test.describe("OTLP logs and gRPC through the running server", () => {
  test("GenAI event logs and an error log show on their step of the trace", async ({ page, request }) => {
    const traceId = hex(16);
    const root = hex(8);
    const llm = hex(8);
    const t = Date.now() - 30_000;
    const spans = otlpJson([
      {
        traceId,
        spanId: root,
        name: "weather question",
        startMs: t,
        durationMs: 500,
        attributes: { "feature.name": `logs-e2e-${t}` },
      },
      {
        traceId,
        spanId: llm,
        parentSpanId: root,
        name: "chat gpt-4o-mini",
        startMs: t + 10,
        durationMs: 300,
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.request.model": "gpt-4o-mini",
          "gen_ai.usage.input_tokens": 20,
          "gen_ai.usage.output_tokens": 5,
        },
      },
    ]);
    const kvlist = (o: Record<string, string>) => ({
      kvlistValue: { values: Object.entries(o).map(([key, v]) => ({ key, value: { stringValue: v } })) },
    });
    const record = (eventName: string, body: unknown, severityNumber = 9) => ({
      traceId,
      spanId: llm,
      timeUnixNano: String(BigInt(t + 20) * 1_000_000n),
      severityNumber,
      eventName,
      body,
    });
    const logs = {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                record("gen_ai.user.message", kvlist({ content: "Weather in Oslo?" })),
                record("gen_ai.choice", {
                  kvlistValue: {
                    values: [
                      { key: "finish_reason", value: { stringValue: "stop" } },
                      { key: "message", value: kvlist({ content: "Snowy, -3C." }) },
                    ],
                  },
                }),
                record("", { stringValue: "retrying after 429 from upstream" }, 17),
              ],
            },
          ],
        },
      ],
    };
    // Logs first, then the spans: the order must not matter.
    expect(
      (
        await request.post("/v1/logs", {
          headers: { ...auth, "content-type": "application/json" },
          data: JSON.stringify(logs),
        })
      ).status(),
    ).toBe(200);
    expect(
      (
        await request.post("/v1/traces", {
          headers: { ...auth, "content-type": "application/json" },
          data: JSON.stringify(spans),
        })
      ).status(),
    ).toBe(200);
    await waitIngestApplied(request);

    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expectSignedIn(page);
    await page.goto(`/traces/${traceId}`);
    await page.getByRole("button", { name: "Next step" }).click();
    const detail = page.getByRole("article", { name: "Step detail" });
    await expect(detail).toContainText("chat gpt-4o-mini");
    await expect(detail).toContainText("Weather in Oslo?");
    await expect(detail).toContainText("Snowy, -3C.");
    const logList = detail.getByRole("region", { name: "Logs" });
    await expect(logList).toContainText("Logs (1)");
    await expect(logList).toContainText("ERROR");
    await expect(logList).toContainText("retrying after 429 from upstream");
    await page.screenshot({ path: test.info().outputPath("step-logs.png"), fullPage: true });

    const found = await request.get(`/api/v1/traces?q=${encodeURIComponent("after 429")}`, { headers: auth });
    expect(((await found.json()) as { data: Array<{ traceId: string }> }).data.map((r) => r.traceId)).toContain(
      traceId,
    );
    const listed = await request.get(`/api/v1/logs?traceId=${traceId}&severity=error`, { headers: auth });
    expect(((await listed.json()) as { data: Array<{ body: string }> }).data.map((l) => l.body)).toEqual([
      "retrying after 429 from upstream",
    ]);
  });

  test("the OTLP/gRPC listener starts with the app and stores spans", async ({ request, baseURL }) => {
    const grpcPort = Number(new URL(baseURL!).port) + 1000;
    const traceId = hex(16);
    const now = BigInt(Date.now()) * 1_000_000n;
    const body = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: Buffer.from(traceId, "hex"),
                    spanId: randomBytes(8),
                    name: "sent over grpc",
                    startTimeUnixNano: now.toString(),
                    endTimeUnixNano: (now + 1_000_000n).toString(),
                  },
                ],
              },
            ],
          },
        ],
      }),
    ).finish();
    const client = new Client(`127.0.0.1:${grpcPort}`, credentials.createInsecure());
    const metadata = new Metadata();
    metadata.set("authorization", auth.authorization);
    const identity = (b: Buffer) => b;
    await new Promise<void>((resolve, reject) =>
      client.makeUnaryRequest(
        "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
        identity,
        identity,
        Buffer.from(body),
        metadata,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    client.close();
    await waitIngestApplied(request);
    const trace = await request.get(`/api/v1/traces/${traceId}`, { headers: auth });
    expect(trace.status()).toBe(200);
    expect(await trace.json()).toMatchObject({ name: "sent over grpc" });
  });
});
