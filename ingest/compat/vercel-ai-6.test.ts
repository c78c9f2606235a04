import { describeCompat } from "./expectations";

// Vercel AI SDK 6 (`ai` 6.0.326, `@ai-sdk/openai` 3.0.141): outer `ai.generateText` /
// `ai.streamText` / `ai.embedMany` spans repeat their `doGenerate` / `doStream` / `doEmbed`
// children's usage; the tool runs inside the SDK as an `ai.toolCall` span.
describeCompat("vercel-ai-6", { driver: "vercel-ai-6.mjs", toolSpan: true });
