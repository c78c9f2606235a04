import { describeCompat } from "./expectations";

// Vercel AI SDK 7 (`ai` 7.0.173, `@ai-sdk/openai` 4.0.118) with `@ai-sdk/otel` 1.0.173:
// GenAI-shaped spans, an `invoke_agent` parent repeating its `chat` children's usage, tenant
// and feature as `ai.settings.context.*`.
describeCompat("vercel-ai-7", { driver: "vercel-ai-7.mjs", toolSpan: true });
