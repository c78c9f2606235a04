// What every driver shares: where to send (from the environment the test sets), an OTLP/HTTP
// protobuf pipeline for traces and log records as a user of the library would set it up, and a
// scenario runner that reports each scenario's trace id on stdout as one JSON line.
const { trace, context, SpanStatusCode } = require("@opentelemetry/api");
const { logs } = require("@opentelemetry/api-logs");
const { resourceFromAttributes } = require("@opentelemetry/resources");
const { NodeTracerProvider } = require("@opentelemetry/sdk-trace-node");
const { SimpleSpanProcessor } = require("@opentelemetry/sdk-trace-base");
const { LoggerProvider, SimpleLogRecordProcessor } = require("@opentelemetry/sdk-logs");
const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-proto");
const { OTLPLogExporter } = require("@opentelemetry/exporter-logs-otlp-proto");

function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set by the test`);
  return value;
}

const config = {
  lib: env("COMPAT_LIB"),
  openaiBaseUrl: env("OPENAI_BASE_URL"),
  otlpEndpoint: env("OTLP_ENDPOINT"),
  apiKey: env("OBS_API_KEY"),
};
config.tenant = `t-${config.lib}`;
config.feature = `f-${config.lib}`;
// The conversation and the end user, set each library's way by its driver (issue 19).
config.session = `s-${config.lib}`;
config.user = `u-${config.lib}`;
config.headers = { Authorization: `Bearer ${config.apiKey}` };

function traceExporter() {
  return new OTLPTraceExporter({ url: `${config.otlpEndpoint}/v1/traces`, headers: config.headers });
}

/**
 * The plain OpenTelemetry setup: a global tracer provider (so instrumentations find it) and,
 * for libraries that emit GenAI events as log records, a global logger provider. Simple
 * processors export each span as it ends, so children reach the app before their parents.
 */
function setupOtel({ withLogs = false } = {}) {
  const resource = resourceFromAttributes({ "service.name": `compat-${config.lib}` });
  const tracerProvider = new NodeTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(traceExporter())],
  });
  tracerProvider.register();
  let loggerProvider = null;
  if (withLogs) {
    const exporter = new OTLPLogExporter({ url: `${config.otlpEndpoint}/v1/logs`, headers: config.headers });
    loggerProvider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
    logs.setGlobalLoggerProvider(loggerProvider);
  }
  return {
    tracerProvider,
    loggerProvider,
    async shutdown() {
      await tracerProvider.forceFlush();
      if (loggerProvider) await loggerProvider.forceFlush();
      await tracerProvider.shutdown();
      if (loggerProvider) await loggerProvider.shutdown();
    },
  };
}

function report(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * Runs each scenario inside a root span `compat <scenario>` (no tenant or feature on it: those
 * travel the library's own way), so the test can find every scenario's trace even when
 * attribution is not understood. A scenario that throws is recorded, not fatal: the failing
 * call is one of them.
 */
async function runScenarios(scenarios, { attributes = {} } = {}) {
  const tracer = trace.getTracer("compat-driver");
  for (const [name, run] of Object.entries(scenarios)) {
    const root = tracer.startSpan(`compat ${name}`, { attributes: { "compat.scenario": name, ...attributes } });
    const traceId = root.spanContext().traceId;
    try {
      const result = await context.with(trace.setSpan(context.active(), root), run);
      report({ scenario: name, traceId, ok: true, result: result ?? null });
    } catch (error) {
      root.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      report({ scenario: name, traceId, ok: false, error: String(error.message).slice(0, 500) });
    } finally {
      root.end();
    }
  }
}

const PROMPTS = require("./prompts.json");

const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

function weather(args) {
  return JSON.stringify({ city: JSON.parse(args).city, sky: "sunny" });
}

module.exports = { config, setupOtel, runScenarios, report, traceExporter, PROMPTS, WEATHER_TOOL, weather };
