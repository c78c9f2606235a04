// Shared setup for the examples: a tracer provider exporting OTLP/protobuf to the app.
// Configure with the standard variables:
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:3000
//   OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer sk-obs-..."
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";

export function startTracing(serviceName) {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT)
    throw new Error("Set OTEL_EXPORTER_OTLP_ENDPOINT (and OTEL_EXPORTER_OTLP_HEADERS)");
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName, "deployment.environment": "example" }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  return { tracer: provider.getTracer(serviceName), shutdown: () => provider.shutdown() };
}
