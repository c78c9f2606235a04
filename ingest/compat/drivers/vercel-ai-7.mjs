// Vercel AI SDK 7 with `@ai-sdk/otel`, its GenAI integration: registered once with
// `registerTelemetry`; tenant, feature and session are runtime context the call opts into
// telemetry (`ai.settings.context.*`), since SDK 7 no longer sends telemetry metadata.
import * as ai from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { OpenTelemetry } from "@ai-sdk/otel";
import { config, setupOtel, runScenarios } from "./common.cjs";
import { vercelScenarios } from "./vercel-scenarios.mjs";

const otel = setupOtel();
// Runtime context is a supplemental attribute set, off unless the integration opts in.
ai.registerTelemetry(new OpenTelemetry({ runtimeContext: true }));
const provider = createOpenAI({ baseURL: config.openaiBaseUrl, apiKey: "sk-compat" });
const telemetry = (functionId) => ({
  runtimeContext: {
    tenantId: config.tenant,
    featureName: config.feature,
    sessionId: config.session,
    userId: config.user,
  },
  telemetry: {
    functionId,
    includeRuntimeContext: { tenantId: true, featureName: true, sessionId: true, userId: true },
  },
});

await runScenarios(vercelScenarios({ ai, provider, telemetry }));
await otel.shutdown();
