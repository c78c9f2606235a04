// openlit: its own pipeline (traces, GenAI event log records, GenAI client metrics) to
// `otlpEndpoint`. Its price file is given inline and on purpose does not list
// the models used, as for any model missing from openlit's file: openlit then reports
// `gen_ai.usage.cost = 0`, which must not be taken as the price. Tenant and feature are custom
// attributes scoped with `usingAttributes`, as its users set them.
const openlit = require("openlit").default;
const { config, runScenarios } = require("./common.cjs");

openlit.init({
  applicationName: `compat-${config.lib}`,
  environment: "test",
  otlpEndpoint: config.otlpEndpoint,
  otlpHeaders: config.headers,
  disableBatch: true,
  disableMetrics: false,
  pricingJson: { chat: { "some-other-model": { promptPrice: 0.001, completionPrice: 0.002 } }, embeddings: {} },
});

const { OpenAI } = require("openai");
const { openAiScenarios } = require("./openai-scenarios.cjs");

async function main() {
  const client = new OpenAI({ baseURL: config.openaiBaseUrl, apiKey: "sk-compat" });
  await openlit.usingAttributes(
    {
      "tenant.id": config.tenant,
      "feature.name": config.feature,
      "session.id": config.session,
      "user.id": config.user,
    },
    () => runScenarios(openAiScenarios(client)),
  );
  const { trace } = require("@opentelemetry/api");
  const provider = trace.getTracerProvider();
  await (provider.getDelegate?.() ?? provider).forceFlush?.();
  // Its metric reader exports once a minute; flush the client metrics of the scenarios now.
  const { metrics } = require("@opentelemetry/api");
  await metrics.getMeterProvider().forceFlush?.();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
