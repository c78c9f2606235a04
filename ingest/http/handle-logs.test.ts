import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { context, trace } from "@opentelemetry/api";
import { SeverityNumber, type AnyValueMap } from "@opentelemetry/api-logs";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider } from "@opentelemetry/sdk-logs";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { kv, otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { serveHandler } from "@/lib/testing/serve-handler";
import { listLogs, listLogsQuery } from "@/lib/logs/list-logs";
import { getTrace } from "@/lib/traces/get-trace";
import { listTraces } from "@/lib/traces/list-traces";
import { ExportLogsServiceRequest, ExportLogsServiceResponse } from "../otlp/logs-schema";
import { RpcStatus } from "../otlp/schema";
import { logsSignal } from "../pipeline/logs-signal";
import { handleExport, handleOtlpExport } from "./handle-export";
import { waitApplied } from "@/lib/testing/wait-applied";

let server: Awaited<ReturnType<typeof serveHandler>>;
let ctx: ProjectContext;
let key: string;
const now = Date.now();

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  key = (await createApiKey({ ctx, input: { name: "test" } })).secretKey;
  server = await serveHandler((request) =>
    new URL(request.url).pathname === "/v1/logs" ? handleOtlpExport(request, logsSignal) : handleExport(request),
  );
});
afterAll(async () => server?.close());

type JsonLog = {
  traceId?: string;
  spanId?: string;
  timeMs?: number;
  timeNanos?: bigint;
  severityNumber?: number;
  severityText?: string;
  eventName?: string;
  body?: unknown;
  attributes?: Record<string, string | number>;
};
const logsJson = (records: JsonLog[]) => ({
  resourceLogs: [
    {
      resource: { attributes: kv({ "service.name": "log-test" }) },
      scopeLogs: [
        {
          scope: { name: "test" },
          logRecords: records.map((r) => ({
            traceId: r.traceId ?? "",
            spanId: r.spanId ?? "",
            timeUnixNano: String(r.timeNanos ?? BigInt(Math.round((r.timeMs ?? now) * 1000)) * 1000n),
            severityNumber: r.severityNumber ?? 9,
            severityText: r.severityText ?? "",
            eventName: r.eventName ?? "",
            body: typeof r.body === "string" ? { stringValue: r.body } : r.body,
            attributes: kv(r.attributes ?? {}),
          })),
        },
      ],
    },
  ],
});
// A 200 means the rows are in the ingest log; reads wait until it is applied.
const applied = async (response: Promise<Response>) => {
  const answer = await response;
  await waitApplied();
  return answer;
};
const postLogs = (body: unknown, headers: Record<string, string> = {}, apiKey = key) =>
  applied(
    handleOtlpExport(
      new Request(`${server.url}/v1/logs`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, ...headers },
        body: typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
      }),
      logsSignal,
    ),
  );
const postSpans = (body: unknown) =>
  applied(
    handleExport(
      new Request(`${server.url}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      }),
    ),
  );
const logs = (query: Record<string, unknown>, as = ctx) => listLogs({ ctx: as, query: listLogsQuery.parse(query) });

/** One chat call: a span through the trace exporter and its GenAI events through the logs exporter, in the order asked. */
async function chatCall(order: "logs-first" | "span-first") {
  const resource = resourceFromAttributes({ "service.name": "otel-sdk-logs" });
  const tracer = new BasicTracerProvider({
    resource,
    spanProcessors: [
      new SimpleSpanProcessor(
        new OTLPTraceExporter({ url: `${server.url}/v1/traces`, headers: { Authorization: `Bearer ${key}` } }),
      ),
    ],
  });
  const loggers = new LoggerProvider({
    resource,
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${server.url}/v1/logs`, headers: { Authorization: `Bearer ${key}` } }),
      }),
    ],
  });
  const span = tracer.getTracer("t").startSpan("chat gpt-4o-mini", {
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.usage.input_tokens": 30,
      "gen_ai.usage.output_tokens": 9,
    },
  });
  const inSpan = trace.setSpan(context.active(), span);
  const logger = loggers.getLogger("@opentelemetry/instrumentation-openai");
  const emitAll = async () => {
    const emit = (eventName: string, body: AnyValueMap) =>
      logger.emit({
        eventName,
        body,
        context: inSpan,
        severityNumber: SeverityNumber.INFO,
        attributes: { "gen_ai.system": "openai" },
      });
    emit("gen_ai.system.message", { content: "You answer about weather." });
    emit("gen_ai.user.message", { content: "Weather in Oslo?" });
    emit("gen_ai.assistant.message", {
      tool_calls: [{ id: "call_9", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }],
    });
    emit("gen_ai.tool.message", { content: "-3C, snow", id: "call_9" });
    emit("gen_ai.choice", { index: 0, finish_reason: "stop", message: { content: "Snowy, -3C." } });
    await loggers.forceFlush();
    await waitApplied();
  };
  const endSpan = async () => {
    span.end();
    await tracer.forceFlush();
    await waitApplied();
  };
  if (order === "logs-first") {
    await emitAll();
    // Stored before their span exists: readable by trace id already.
    expect((await logs({ traceId: span.spanContext().traceId })).data).toHaveLength(5);
    await endSpan();
  } else {
    await endSpan();
    expect((await getTrace({ ctx, traceId: span.spanContext().traceId })).spans[0]?.input).toBeNull();
    await emitAll();
  }
  await Promise.all([tracer.shutdown(), loggers.shutdown()]);
  await waitApplied();
  return span.spanContext().traceId;
}

describe("GenAI event log records fill their span, whatever the arrival order", () => {
  for (const order of ["logs-first", "span-first"] as const) {
    it(`real @opentelemetry/sdk-logs + exporter-logs-otlp-proto, ${order}`, async () => {
      const id = await chatCall(order);
      const [llm] = (await getTrace({ ctx, traceId: id })).spans;
      expect(llm).toMatchObject({ kind: "llm", model: "gpt-4o-mini", inputTokens: 30, logs: [] });
      expect(JSON.parse(llm!.input!)).toEqual([
        { role: "system", parts: [{ type: "text", content: "You answer about weather." }] },
        { role: "user", parts: [{ type: "text", content: "Weather in Oslo?" }] },
        {
          role: "assistant",
          parts: [{ type: "tool_call", id: "call_9", name: "get_weather", arguments: { city: "Oslo" } }],
        },
        { role: "tool", parts: [{ type: "tool_call_response", id: "call_9", response: "-3C, snow" }] },
      ]);
      expect(JSON.parse(llm!.output!)).toEqual([
        { role: "assistant", parts: [{ type: "text", content: "Snowy, -3C." }], finish_reason: "stop" },
      ]);
    });
  }

  it("as @opentelemetry/instrumentation-openai 0.21 sends them: one request per record, named by the event.name attribute, nanoseconds apart", async () => {
    const t = traceId();
    const s = spanId();
    const base = BigInt(now) * 1_000_000n;
    const records: JsonLog[] = [
      {
        eventName: "",
        attributes: { "event.name": "gen_ai.user.message", "gen_ai.system": "openai" },
        body: { kvlistValue: { values: kv({ content: "What is the weather in Paris?" }) } },
      },
      {
        attributes: { "event.name": "gen_ai.assistant.message" },
        body: {
          kvlistValue: {
            values: [
              {
                key: "tool_calls",
                value: {
                  arrayValue: {
                    values: [
                      {
                        kvlistValue: {
                          values: [
                            ...kv({ id: "call_1", type: "function" }),
                            {
                              key: "function",
                              value: {
                                kvlistValue: { values: kv({ name: "get_weather", arguments: '{"city":"Paris"}' }) },
                              },
                            },
                          ],
                        },
                      },
                    ],
                  },
                },
              },
            ],
          },
        },
      },
      {
        attributes: { "event.name": "gen_ai.tool.message" },
        body: { kvlistValue: { values: kv({ id: "call_1", content: '{"sky":"sunny"}' }) } },
      },
    ];
    for (const [i, r] of records.entries())
      expect(
        (await postLogs(logsJson([{ ...r, traceId: t, spanId: s, timeNanos: base + BigInt(i + 1) }]))).status,
      ).toBe(200);
    expect(
      (
        await postSpans(
          otlpJson([
            {
              traceId: t,
              spanId: s,
              name: "chat gpt-4o-mini",
              startMs: now,
              durationMs: 10,
              attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini" },
            },
          ]),
        )
      ).status,
    ).toBe(200);
    const [span] = (await getTrace({ ctx, traceId: t })).spans;
    expect((JSON.parse(span!.input!) as Array<{ role: string }>).map((m) => m.role)).toEqual([
      "user",
      "assistant",
      "tool",
    ]);
    expect(JSON.parse(span!.input!)[1].parts[0]).toEqual({
      type: "tool_call",
      id: "call_1",
      name: "get_weather",
      arguments: { city: "Paris" },
    });
    expect(span!.output).toBeNull();
  });

  it("reads the newer operation-details event the same as gen_ai.*.messages span attributes", async () => {
    const t = traceId();
    const s = spanId();
    const input = [{ role: "user", parts: [{ type: "text", content: "Summarise the memo" }] }];
    const output = [{ role: "assistant", parts: [{ type: "text", content: "It says hello." }], finish_reason: "stop" }];
    expect(
      (
        await postSpans(
          otlpJson([
            {
              traceId: t,
              spanId: s,
              name: "chat",
              startMs: now,
              durationMs: 10,
              attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "m" },
            },
          ]),
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await postLogs(
          logsJson([
            {
              traceId: t,
              spanId: s,
              eventName: "gen_ai.client.inference.operation.details",
              attributes: {
                "gen_ai.input.messages": JSON.stringify(input),
                "gen_ai.output.messages": JSON.stringify(output),
                "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: "Be brief." }]),
              },
            },
          ]),
        )
      ).status,
    ).toBe(200);
    const [span] = (await getTrace({ ctx, traceId: t })).spans;
    expect(JSON.parse(span!.input!)).toEqual([
      { role: "system", parts: [{ type: "text", content: "Be brief." }] },
      ...input,
    ]);
    expect(span!.output).toBe(JSON.stringify(output));
  });
});

describe("other log records", () => {
  const t = traceId();
  const s = spanId();
  beforeAll(async () => {
    expect(
      (
        await postSpans(
          otlpJson([
            {
              traceId: t,
              spanId: s,
              name: "charge card",
              startMs: now,
              durationMs: 30,
              attributes: { "feature.name": "checkout-logs" },
            },
          ]),
        )
      ).status,
    ).toBe(200);
    const records = logsJson([
      { traceId: t, spanId: s, timeMs: now + 1, severityNumber: 9, body: "card token accepted" },
      {
        traceId: t,
        spanId: s,
        timeMs: now + 2,
        severityNumber: 17,
        severityText: "ERROR",
        body: "gateway said ZEBRA-42 declined",
        attributes: { "http.status_code": 402, "payment.message": "declined" },
      },
      { traceId: t, timeMs: now + 3, body: "trace-level note" },
      { timeMs: now + 4, severityNumber: 13, body: "no trace here: disk almost full" },
    ]);
    // Sent twice, as an exporter retrying after a lost answer would.
    for (let i = 0; i < 2; i++) expect((await postLogs(records)).status).toBe(200);
  });

  it("are shown on their span (severity, body, attributes), never twice", async () => {
    const detail = await getTrace({ ctx, traceId: t });
    expect(detail.spans[0]?.logs.map((l) => [l.severityText, l.body])).toEqual([
      ["INFO", "card token accepted"],
      ["ERROR", "gateway said ZEBRA-42 declined"],
    ]);
    expect(detail.spans[0]?.logs[1]?.attributes).toMatchObject({
      "http.status_code": "402",
      "payment.message": "declined",
    });
    expect(detail.logs.map((l) => l.body)).toEqual(["trace-level note"]);
  });

  it("are found by the trace list's q, for roles that read payloads only", async () => {
    expect((await listTraces({ ctx, query: { limit: 50, q: "zebra-42" } })).data.map((r) => r.traceId)).toEqual([t]);
    const finance = { ...ctx, role: "finance" as const };
    // Text search reads payloads: refused to finance, as GET /api/v1/logs refuses it.
    await expect(listTraces({ ctx: finance, query: { limit: 50, q: "zebra-42" } })).rejects.toMatchObject({
      code: "forbidden",
      field: "q",
    });
  });

  it("hide bodies and payload attributes from finance, in the trace and the log list", async () => {
    const finance = { ...ctx, role: "finance" as const };
    const [span] = (await getTrace({ ctx: finance, traceId: t })).spans;
    expect(span?.logs.map((l) => [l.severityText, l.body])).toEqual([
      ["INFO", null],
      ["ERROR", null],
    ]);
    expect(span?.logs[1]?.attributes).toEqual({ "http.status_code": "402" });
    const listed = await logs({ traceId: t }, finance);
    expect(listed.data.every((l) => l.body === null)).toBe(true);
    await expect(logs({ q: "zebra" }, finance)).rejects.toMatchObject({ code: "forbidden", field: "q" });
  });

  it("without a trace are kept and listed with filters and a cursor, once each", async () => {
    const all = await logs({ from: new Date(now - 1000).toISOString() });
    expect(all.data.filter((l) => l.body === "no trace here: disk almost full")).toHaveLength(1);
    expect(
      (await logs({ q: "DISK almost", from: new Date(now - 1000).toISOString() })).data.map((l) => l.traceId),
    ).toEqual([null]);
    expect((await logs({ traceId: t, severity: "warn" })).data.map((l) => l.body)).toEqual([
      "gateway said ZEBRA-42 declined",
    ]);
    const first = await logs({ traceId: t, limit: "2" });
    expect(first.data.map((l) => l.body)).toEqual(["trace-level note", "gateway said ZEBRA-42 declined"]);
    const second = await logs({ traceId: t, limit: "2", cursor: first.nextCursor });
    expect(second.data.map((l) => l.body)).toEqual(["card token accepted"]);
    expect(second.nextCursor).toBeNull();
  });

  it("of another project stay invisible", async () => {
    const other = await makeProject();
    expect((await logs({ traceId: t }, other)).data).toEqual([]);
  });
});

describe("POST /v1/logs answers like /v1/traces", () => {
  it("401 for a missing or wrong key, 415 for other media types, 400 for malformed bodies", async () => {
    const wrong = await postLogs(logsJson([]), {}, "sk-obs-wrong");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 16 });
    expect((await postLogs("x", { "content-type": "text/plain" })).status).toBe(415);
    expect((await postLogs("{nope")).status).toBe(400);
    expect((await postLogs({ resourceLogs: "nope" })).status).toBe(400);
    const badProto = await postLogs(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1]), {
      "content-type": "application/x-protobuf",
    });
    expect(badProto.status).toBe(400);
    expect(RpcStatus.decode(new Uint8Array(await badProto.arrayBuffer())).toJSON()).toMatchObject({ code: 3 });
  });

  it("accepts gzip and refuses bad records one by one in partialSuccess.rejectedLogRecords", async () => {
    const body = logsJson([
      { body: "good one", attributes: { marker: "partial-logs" } },
      { traceId: "xyz", body: "bad id" },
    ]);
    const response = await postLogs(gzipSync(JSON.stringify(body)), { "content-encoding": "gzip" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      partialSuccess: {
        rejectedLogRecords: "1",
        errorMessage: "1 log record(s) rejected: log record 1: invalid trace id",
      },
    });
    const proto = ExportLogsServiceRequest.encode(
      ExportLogsServiceRequest.fromObject({
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [{ timeUnixNano: 1, spanId: Buffer.alloc(8, 1), body: { stringValue: "orphan span id" } }],
              },
            ],
          },
        ],
      }),
    ).finish();
    const answer = await postLogs(proto, { "content-type": "application/x-protobuf" });
    expect(answer.status).toBe(200);
    expect(
      ExportLogsServiceResponse.toObject(ExportLogsServiceResponse.decode(new Uint8Array(await answer.arrayBuffer())), {
        longs: String,
      }),
    ).toMatchObject({
      partialSuccess: { rejectedLogRecords: "1", errorMessage: expect.stringContaining("span id without a trace id") },
    });
  });
});
