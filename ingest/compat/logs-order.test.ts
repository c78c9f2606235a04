import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { context, trace } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { startCompat, type Compat } from "./harness";

// GenAI event log records fill their span's input and output whichever reaches the app first:
// the official OpenAI instrumentation emits them before its span ends (so they arrive first),
// and a batching pipeline can as well deliver them after. Both event-name styles are used:
// the `event.name` attribute (instrumentation-openai 0.21) and the LogRecord's eventName.

// The exporters' 10 s default can pass on a loaded CI machine: an export cut off then is a
// false failure. The test waits for the answer instead.
const EXPORT_TIMEOUT_MS = 300_000;

let compat: Compat;
let tracerProvider: BasicTracerProvider;
let loggerProvider: LoggerProvider;

beforeAll(async () => {
  compat = await startCompat("logs-order");
  const headers = { Authorization: `Bearer ${compat.key}` };
  const resource = resourceFromAttributes({ "service.name": "compat-logs-order" });
  tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [
      new SimpleSpanProcessor(
        new OTLPTraceExporter({ url: `${compat.receiver.url}/v1/traces`, headers, timeoutMillis: EXPORT_TIMEOUT_MS }),
      ),
    ],
  });
  loggerProvider = new LoggerProvider({
    resource,
    processors: [
      new SimpleLogRecordProcessor({
        exporter: new OTLPLogExporter({
          url: `${compat.receiver.url}/v1/logs`,
          headers,
          timeoutMillis: EXPORT_TIMEOUT_MS,
        }),
      }),
    ],
  });
});
afterAll(async () => {
  await tracerProvider?.shutdown();
  await loggerProvider?.shutdown();
  await compat?.close();
});

const chatAttributes = {
  "gen_ai.operation.name": "chat",
  "gen_ai.request.model": "gpt-4o-mini",
  "gen_ai.usage.input_tokens": 11,
  "gen_ai.usage.output_tokens": 7,
};

function emitEvents(
  span: ReturnType<ReturnType<BasicTracerProvider["getTracer"]>["startSpan"]>,
  style: "attribute" | "eventName",
  question: string,
  answer: string,
) {
  const logger = loggerProvider.getLogger("compat-logs-order");
  const spanContext = trace.setSpan(context.active(), span);
  const record = (name: string, body: Record<string, unknown>) =>
    logger.emit({
      severityNumber: SeverityNumber.INFO,
      context: spanContext,
      body: body as never,
      ...(style === "eventName" ? { eventName: name } : {}),
      attributes: { ...(style === "attribute" ? { "event.name": name } : {}), "gen_ai.system": "openai" },
    });
  record("gen_ai.user.message", { content: question });
  record("gen_ai.choice", { index: 0, finish_reason: "stop", message: { content: answer } });
}

// Each record and span is its own export (simple processors). A flush can return before the
// app has answered, so the test waits until the receiver has answered them all.
let expectedExports = 0;
async function flush(exports: number) {
  expectedExports += exports;
  await loggerProvider.forceFlush();
  await tracerProvider.forceFlush();
  await compat.answered(expectedExports);
}

describe("GenAI event log records before and after their span", () => {
  it("records that arrive before their span fill its input and output", async () => {
    const span = tracerProvider.getTracer("compat").startSpan("chat gpt-4o-mini", { attributes: chatAttributes });
    emitEvents(span, "attribute", "Which river runs through Paris?", "The Seine.");
    await loggerProvider.forceFlush();
    span.end();
    await flush(3);
    const detail = await compat.trace({ scenario: "before", traceId: span.spanContext().traceId, ok: true });
    expect(detail.spans[0]).toMatchObject({ kind: "llm", inputTokens: 11, outputTokens: 7 });
    expect(detail.spans[0]?.input ?? "").toContain("Which river runs through Paris?");
    expect(detail.spans[0]?.output ?? "").toContain("The Seine.");
  });

  it("records that arrive after their span fill its input and output", async () => {
    const span = tracerProvider.getTracer("compat").startSpan("chat gpt-4o-mini", { attributes: chatAttributes });
    span.end();
    await tracerProvider.forceFlush();
    emitEvents(span, "eventName", "Which river runs through London?", "The Thames.");
    await flush(3);
    const detail = await compat.trace({ scenario: "after", traceId: span.spanContext().traceId, ok: true });
    expect(detail.spans[0]?.input ?? "").toContain("Which river runs through London?");
    expect(detail.spans[0]?.output ?? "").toContain("The Thames.");
  });

  it("every export was accepted", () => {
    expect(compat.exports.map((e) => [e.signal, e.status])).toEqual(
      expect.arrayContaining([
        ["logs", 200],
        ["traces", 200],
      ]),
    );
    expect(compat.exports.filter((e) => e.status !== 200)).toEqual([]);
  });
});
