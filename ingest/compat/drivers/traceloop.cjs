// @traceloop/node-server-sdk (OpenLLMetry): the SDK builds its own OpenTelemetry pipeline and
// exports to `baseUrl`/v1/traces with the API key as a bearer token. Tenant, feature, session
// and end user are association properties, as its users set them.
const traceloop = require("@traceloop/node-server-sdk");
const { config, runScenarios } = require("./common.cjs");
const { OpenAI } = require("openai");

traceloop.initialize({
  appName: `compat-${config.lib}`,
  baseUrl: config.otlpEndpoint,
  apiKey: config.apiKey,
  disableBatch: true,
  traceloopSyncEnabled: false,
  silenceInitializationMessage: true,
  instrumentModules: { openAI: OpenAI },
});

const { openAiScenarios } = require("./openai-scenarios.cjs");

async function main() {
  const client = new OpenAI({ baseURL: config.openaiBaseUrl, apiKey: "sk-compat" });
  await traceloop.withAssociationProperties(
    { tenant_id: config.tenant, feature_name: config.feature, session_id: config.session, user_id: config.user },
    () => runScenarios(openAiScenarios(client)),
  );
  await traceloop.forceFlush();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
