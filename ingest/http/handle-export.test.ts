import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpanStatusCode, context, trace } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, postJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { serveHandler } from "@/lib/testing/serve-handler";
import { waitApplied } from "@/lib/testing/wait-applied";
import { listTraces } from "@/lib/traces/list-traces";
import { getTrace } from "@/lib/traces/get-trace";
import type { ProjectContext } from "@/lib/auth/context";
import { ExportTraceServiceRequest, ExportTraceServiceResponse, RpcStatus } from "../otlp/schema";
import { handleExport } from "./handle-export";

let server: Awaited<ReturnType<typeof serveHandler>>;
let ctx: ProjectContext;
let key: string;
const now = Date.now();
const longPrompt = JSON.stringify([{ role: "user", content: "explain the refund policy ".repeat(30) }]);

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  key = (await createApiKey({ ctx, input: { name: "test" } })).secretKey;
  server = await serveHandler(handleExport);
});
afterAll(async () => server?.close());

// A 200 means the spans are in the ingest log; reads wait until it is applied.
const send = async (body: unknown, headers: Record<string, string> = {}, apiKey = key) => {
  const response = await handleExport(postJson(server.url, apiKey, body, headers));
  await waitApplied();
  return response;
};
const list = (query: Record<string, unknown> = {}) => listTraces({ ctx, query: { limit: 50, ...query } });

async function exportWith(
  kind: "proto" | "json",
  build: (tracer: ReturnType<BasicTracerProvider["getTracer"]>) => void,
) {
  const exporter =
    kind === "proto"
      ? new ProtoExporter({ url: `${server.url}/v1/traces`, headers: { Authorization: `Bearer ${key}` } })
      : new JsonExporter({ url: `${server.url}/v1/traces`, headers: { Authorization: `Bearer ${key}` } });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": `svc-${kind}`, "tenant.id": "resource-tenant" }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  build(provider.getTracer("test"));
  await provider.forceFlush();
  await provider.shutdown();
  await waitApplied();
}

describe("POST /v1/traces with real OpenTelemetry exporters", () => {
  for (const kind of ["proto", "json"] as const) {
    it(`stores a GenAI trace sent by the ${kind} exporter`, async () => {
      let id = "";
      await exportWith(kind, (tracer) => {
        const root = tracer.startSpan(`answer-${kind}`, { attributes: { "feature.name": `rag-${kind}` } });
        id = root.spanContext().traceId;
        const child = tracer.startSpan(
          "chat gpt-4o",
          {
            attributes: {
              "gen_ai.operation.name": "chat",
              "gen_ai.request.model": "gpt-4o",
              "gen_ai.usage.input_tokens": 100,
              "gen_ai.usage.output_tokens": 20,
              "gen_ai.input.messages": longPrompt,
            },
          },
          trace.setSpan(context.active(), root),
        );
        child.setStatus({ code: SpanStatusCode.ERROR, message: "rate limited" });
        child.end();
        root.end();
      });
      const detail = await getTrace({ ctx, traceId: id });
      expect(detail).toMatchObject({
        name: `answer-${kind}`,
        feature: `rag-${kind}`,
        tenant: "resource-tenant",
        status: "error",
      });
      const llm = detail.spans.find((s) => s.kind === "llm");
      expect(llm).toMatchObject({
        model: "gpt-4o",
        inputTokens: 100,
        outputTokens: 20,
        status: "error",
        statusMessage: "rate limited",
        feature: `rag-${kind}`,
      });
      // The payload is stored once (in the input column) yet the raw attribute reads back whole.
      expect(llm?.input).toBe(longPrompt);
      expect(llm?.attributes["gen_ai.input.messages"]).toBe(longPrompt);
      const listed = (await list({ feature: `rag-${kind}` })).data;
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        traceId: id,
        spanCount: 2,
        inputTokens: 100,
        outputTokens: 20,
        models: ["gpt-4o"],
        status: "error",
        errorMessage: "rate limited",
      });
    });
  }
});

describe("durability and retries", () => {
  it("never counts a resent span twice, within one request or across requests", async () => {
    const t = traceId();
    const spans: JsonSpan[] = [
      {
        traceId: t,
        spanId: spanId(),
        name: "root",
        startMs: now,
        durationMs: 50,
        attributes: { "feature.name": "retry-test" },
      },
      {
        traceId: t,
        spanId: spanId(),
        parentSpanId: undefined,
        name: "llm",
        startMs: now + 1,
        durationMs: 10,
        attributes: { "gen_ai.request.model": "m", "gen_ai.usage.input_tokens": 7 },
        status: { code: 2 },
      },
    ];
    const body = otlpJson(spans);
    expect((await send(body)).status).toBe(200);
    expect((await send(body)).status).toBe(200);
    await Promise.all([send(body), send(body), send(otlpJson([...spans, ...spans]))]);
    const [row] = (await list({ feature: "retry-test" })).data;
    expect(row).toMatchObject({ spanCount: 2, inputTokens: 7, status: "error" });
    expect((await getTrace({ ctx, traceId: t })).spans).toHaveLength(2);
  });

  it("children that arrive before their root inherit its tenant and feature in every read", async () => {
    const t = traceId();
    const root = spanId();
    const child = {
      traceId: t,
      spanId: spanId(),
      parentSpanId: root,
      name: "tool",
      startMs: now + 5,
      durationMs: 5,
      attributes: { "gen_ai.tool.name": "search" },
    };
    expect((await send(otlpJson([child]))).status).toBe(200);
    expect(
      (
        await send(
          otlpJson([
            {
              traceId: t,
              spanId: root,
              name: "late-root",
              startMs: now,
              durationMs: 20,
              attributes: { "tenant.id": "late-tenant", "feature.name": "late-feature" },
            },
          ]),
        )
      ).status,
    ).toBe(200);
    const detail = await getTrace({ ctx, traceId: t });
    expect(detail).toMatchObject({ name: "late-root", tenant: "late-tenant", feature: "late-feature" });
    expect(detail.spans.find((s) => s.name === "tool")).toMatchObject({
      tenant: "late-tenant",
      feature: "late-feature",
      tenantInherited: true,
    });
    expect((await list({ tenant: "late-tenant" })).data.map((r) => r.traceId)).toEqual([t]);
  });
});

describe("bad input", () => {
  it("answers 401 for a missing or wrong key, in the request's encoding", async () => {
    const response = await send(otlpJson([]), {}, "sk-obs-wrong");
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 16 });
    const proto = await handleExport(
      new Request(`${server.url}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf" },
        body: new Uint8Array(),
      }),
    );
    expect(proto.status).toBe(401);
    expect(proto.headers.get("content-type")).toBe("application/x-protobuf");
    expect(RpcStatus.decode(new Uint8Array(await proto.arrayBuffer())).toJSON()).toMatchObject({ code: 16 });
  });

  it("answers 415 for other media types and encodings", async () => {
    expect((await send("x", { "content-type": "text/plain" })).status).toBe(415);
    expect((await send(otlpJson([]), { "content-encoding": "br" })).status).toBe(415);
  });

  it("answers 400 for malformed bodies", async () => {
    expect((await send("{not json")).status).toBe(400);
    expect((await send({ resourceSpans: "nope" })).status).toBe(400);
    const badProto = await handleExport(
      new Request(`${server.url}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${key}` },
        body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1]),
      }),
    );
    expect(badProto.status).toBe(400);
    expect((await send(Buffer.from("not gzip"), { "content-encoding": "gzip" })).status).toBe(400);
  });

  it("answers 413 for a body over the limit and cuts a gzip bomb off early", async () => {
    const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024, 32));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const response = await handleExport(
      new Request(`${server.url}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-encoding": "gzip", authorization: `Bearer ${key}` },
        body: bomb,
      }),
    );
    expect(response.status).toBe(413);
    expect((await send("x", { "content-length": String(100 * 1024 * 1024) })).status).toBe(413);
  });

  it("accepts gzip, and refuses bad spans one by one with partial_success", async () => {
    const t = traceId();
    const body = otlpJson([
      {
        traceId: t,
        spanId: spanId(),
        name: "good",
        startMs: now,
        durationMs: 1,
        attributes: { "feature.name": "partial" },
      },
      { traceId: "not-hex", spanId: spanId(), name: "bad-id", startMs: now, durationMs: 1 },
      { traceId: t, spanId: spanId(), name: "backwards", startMs: now, durationMs: -1 },
    ]);
    const response = await send(gzipSync(JSON.stringify(body)), { "content-encoding": "gzip" });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(json.partialSuccess.rejectedSpans).toBe("2");
    expect(json.partialSuccess.errorMessage).toMatch(/bad-id.*invalid trace id.*backwards.*end time before start/);
    expect((await list({ feature: "partial" })).data[0]?.spanCount).toBe(1);
  });

  it("answers protobuf requests with a protobuf ExportTraceServiceResponse", async () => {
    const request = ExportTraceServiceRequest.fromObject({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: Buffer.from(traceId(), "hex"),
                  spanId: Buffer.alloc(8),
                  name: "zero-id",
                  startTimeUnixNano: 1,
                  endTimeUnixNano: 2,
                },
              ],
            },
          ],
        },
      ],
    });
    const response = await handleExport(
      new Request(`${server.url}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${key}` },
        body: ExportTraceServiceRequest.encode(request).finish() as BodyInit,
      }),
    );
    expect(response.status).toBe(200);
    const decoded = ExportTraceServiceResponse.toObject(
      ExportTraceServiceResponse.decode(new Uint8Array(await response.arrayBuffer())),
      { longs: String },
    );
    expect(decoded).toMatchObject({
      partialSuccess: { rejectedSpans: "1", errorMessage: expect.stringContaining("invalid span id") },
    });
  });

  it("keeps projects apart: another project's context cannot read or list this trace", async () => {
    const t = traceId();
    expect(
      (
        await send(
          otlpJson([
            {
              traceId: t,
              spanId: spanId(),
              name: "private",
              startMs: now,
              durationMs: 1,
              attributes: { "feature.name": "isolation" },
            },
          ]),
        )
      ).status,
    ).toBe(200);
    const other = await makeProject();
    await expect(getTrace({ ctx: other, traceId: t })).rejects.toMatchObject({ code: "not_found" });
    expect((await listTraces({ ctx: other, query: { limit: 50, feature: "isolation" } })).data).toEqual([]);
  });

  it("stays healthy after all of it and stores a valid span sent afterwards", async () => {
    const t = traceId();
    expect(
      (await send(otlpJson([{ traceId: t, spanId: spanId(), name: "after-the-storm", startMs: now, durationMs: 3 }])))
        .status,
    ).toBe(200);
    expect((await getTrace({ ctx, traceId: t })).name).toBe("after-the-storm");
  });
});
