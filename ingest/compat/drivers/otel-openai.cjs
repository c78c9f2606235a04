// @opentelemetry/instrumentation-openai: the official GenAI instrumentation. Spans carry the
// model and usage; prompts, replies and tool calls go out as GenAI event log records, so the
// driver also registers a logger provider. It has no metadata API: tenant, feature, session and
// end user ride on the application's own parent span, as its users do.
const { registerInstrumentations } = require("@opentelemetry/instrumentation");
const { OpenAIInstrumentation } = require("@opentelemetry/instrumentation-openai");
const { config, setupOtel, runScenarios } = require("./common.cjs");

const otel = setupOtel({ withLogs: true });
registerInstrumentations({ instrumentations: [new OpenAIInstrumentation({ captureMessageContent: true })] });

const { OpenAI } = require("openai");
const { openAiScenarios } = require("./openai-scenarios.cjs");

async function main() {
  const client = new OpenAI({ baseURL: config.openaiBaseUrl, apiKey: "sk-compat" });
  await runScenarios(openAiScenarios(client), {
    attributes: {
      "tenant.id": config.tenant,
      "feature.name": config.feature,
      "session.id": config.session,
      "user.id": config.user,
    },
  });
  await otel.shutdown();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
