// Vercel AI SDK 6 (`ai` 6 with `@ai-sdk/openai` 3, installed under aliases): telemetry per call
// through `experimental_telemetry`, spans on the global tracer provider, tenant and feature as
// telemetry metadata, as its users attach them.
import * as ai from "ai-v6";
import { createOpenAI } from "ai-sdk-openai-v6";
import { config, setupOtel, runScenarios } from "./common.cjs";
import { vercelScenarios } from "./vercel-scenarios.mjs";

const otel = setupOtel();
const provider = createOpenAI({ baseURL: config.openaiBaseUrl, apiKey: "sk-compat" });
const telemetry = (functionId) => ({
  experimental_telemetry: {
    isEnabled: true,
    functionId,
    metadata: { tenantId: config.tenant, featureName: config.feature, sessionId: config.session, userId: config.user },
  },
});

await runScenarios(vercelScenarios({ ai, provider, telemetry }));
await otel.shutdown();
