// The five scenarios as an application on the Vercel AI SDK writes them; the SDK 6 and SDK 7
// drivers pass their own `ai` module, provider and per-call telemetry options.
import { z } from "zod";
import { PROMPTS, weather } from "./common.cjs";

export function vercelScenarios({ ai, provider, telemetry, embeddings = true }) {
  const chat = (model) => provider.chat(model);
  const getWeather = ai.tool({
    description: "Current weather for a city",
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => JSON.parse(weather(JSON.stringify({ city }))),
  });
  const scenarios = {
    async chat() {
      const { text } = await ai.generateText({
        model: chat("gpt-4o-mini"),
        system: PROMPTS.system,
        prompt: PROMPTS.chat,
        ...telemetry("chat"),
      });
      return { text };
    },
    async stream() {
      const result = ai.streamText({ model: chat("gpt-4o-mini"), prompt: PROMPTS.stream, ...telemetry("stream") });
      let text = "";
      for await (const piece of result.textStream) text += piece;
      return { text };
    },
    async tool() {
      const { text, steps } = await ai.generateText({
        model: chat("gpt-4o-mini"),
        prompt: PROMPTS.tool,
        tools: { get_weather: getWeather },
        stopWhen: ai.stepCountIs(2),
        ...telemetry("tool"),
      });
      return { text, steps: steps.length };
    },
    async embeddings() {
      const { embeddings: vectors } = await ai.embedMany({
        model: provider.embedding("text-embedding-3-small"),
        values: PROMPTS.embed,
        ...telemetry("embeddings"),
      });
      return { vectors: vectors.length };
    },
    async fail() {
      await ai.generateText({ model: chat("fail-model"), prompt: PROMPTS.chat, maxRetries: 0, ...telemetry("fail") });
    },
  };
  if (!embeddings) delete scenarios.embeddings;
  return scenarios;
}
