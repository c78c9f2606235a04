// A self-hosted model served on GPUs (as a vLLM-style server would report it):
// GPU-seconds = duration × gpu.count, priced by the GPU hourly rate.
// node examples/gpu-selfhosted.mjs
import { startTracing } from "./common.mjs";

const { tracer, shutdown } = startTracing("example-vllm");
const start = Date.now() - 2400;
const span = tracer.startSpan("generate llama-3.1-70b-instruct", {
  startTime: start,
  attributes: {
    "gen_ai.operation.name": "text_completion",
    "gen_ai.provider.name": "vllm",
    "gen_ai.request.model": "llama-3.1-70b-instruct",
    "gen_ai.usage.input_tokens": 3100,
    "gen_ai.usage.output_tokens": 410,
    "gen_ai.server.time_to_first_token": 0.31,
    "gpu.type": "H100",
    "gpu.count": 4,
    "gpu.utilization": 0.78,
    "gpu.memory.used": 61_000_000_000,
    "tenant.id": "globex",
    "feature.name": "summarize",
  },
});
span.end(start + 2400);
await shutdown();
console.log(`sent GPU span in trace ${span.spanContext().traceId}`);
