import { describeCompat } from "./expectations";

// @opentelemetry/instrumentation-openai: usage on spans, every message as a GenAI event log
// record (so input, output and tool calls depend on /v1/logs). The application runs the tool
// itself, so there is no tool span.
describeCompat("otel-openai", { driver: "otel-openai.cjs" });
