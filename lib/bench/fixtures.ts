import { randomBytes } from "node:crypto";
import { ExportTraceServiceRequest } from "@/ingest/otlp/schema";

const words =
  "the quick brown fox jumps over a lazy dog while the model answers questions about refunds orders and invoices".split(
    " ",
  );
const sentence = (n: number) => Array.from({ length: n }, (_, i) => words[(i * 7) % words.length]).join(" ");
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });

/** One protobuf ExportTraceServiceRequest of `spans` GenAI spans of about 1.2 KB each. */
export function genAiProtobufRequest(spans: number, startMs = Date.now()): Uint8Array {
  const traceId = randomBytes(16);
  const list = Array.from({ length: spans }, (_, i) => {
    const start = BigInt(startMs + i) * 1_000_000n;
    return {
      traceId: i % 10 === 0 ? randomBytes(16) : traceId,
      spanId: randomBytes(8),
      name: "chat gpt-4o-mini",
      kind: 3,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 850_000_000n).toString(),
      attributes: [
        str("gen_ai.operation.name", "chat"),
        str("gen_ai.provider.name", "openai"),
        str("gen_ai.request.model", "gpt-4o-mini"),
        str("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
        int("gen_ai.usage.input_tokens", 900 + i),
        int("gen_ai.usage.output_tokens", 150),
        str("tenant.id", `tenant-${i % 7}`),
        str("feature.name", `feature-${i % 5}`),
        str("gen_ai.input.messages", JSON.stringify([{ role: "user", content: sentence(80) }])),
        str("gen_ai.output.messages", JSON.stringify([{ role: "assistant", content: sentence(40) }])),
      ],
      status: { code: 1 },
    };
  });
  const message = ExportTraceServiceRequest.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [str("service.name", "bench")] },
        scopeSpans: [{ scope: { name: "bench" }, spans: list }],
      },
    ],
  });
  return ExportTraceServiceRequest.encode(message).finish();
}
