// @arizeai/openinference-instrumentation-openai: OpenInference attributes on the client spans.
// Tenant and feature travel as OpenInference metadata, the session and end user as its session and user ids, set on
// the context with @arizeai/openinference-core, the way its users attach them.
const { context } = require("@opentelemetry/api");
const { registerInstrumentations } = require("@opentelemetry/instrumentation");
const { OpenAIInstrumentation } = require("@arizeai/openinference-instrumentation-openai");
const { setMetadata, setSession, setUser } = require("@arizeai/openinference-core");
const { config, setupOtel, runScenarios } = require("./common.cjs");

const otel = setupOtel();
registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });

const { OpenAI } = require("openai");
const { openAiScenarios } = require("./openai-scenarios.cjs");

async function main() {
  const client = new OpenAI({ baseURL: config.openaiBaseUrl, apiKey: "sk-compat" });
  const attributed = setUser(
    setSession(setMetadata(context.active(), { tenant_id: config.tenant, feature_name: config.feature }), {
      sessionId: config.session,
    }),
    { userId: config.user },
  );
  await context.with(attributed, () => runScenarios(openAiScenarios(client)));
  await otel.shutdown();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
