// @langchain/openai with @arizeai/openinference-instrumentation-langchain: the instrumentation
// hooks LangChain's callback manager (instrumented by hand, as its docs say for CommonJS).
// Chat runs as a prompt | model chain so there is a parent run; tenant and feature are run
// metadata, the way LangChain users tag runs.
const { registerInstrumentations } = require("@opentelemetry/instrumentation");
const { LangChainInstrumentation } = require("@arizeai/openinference-instrumentation-langchain");
const CallbackManagerModule = require("@langchain/core/callbacks/manager");
const { config, setupOtel, runScenarios, PROMPTS, weather } = require("./common.cjs");

const otel = setupOtel();
const instrumentation = new LangChainInstrumentation();
instrumentation.manuallyInstrument(CallbackManagerModule);
registerInstrumentations({ instrumentations: [instrumentation] });

const { ChatOpenAI, OpenAIEmbeddings } = require("@langchain/openai");
const { ChatPromptTemplate } = require("@langchain/core/prompts");
const { HumanMessage, ToolMessage } = require("@langchain/core/messages");
const { tool } = require("@langchain/core/tools");
const { z } = require("zod");

const connection = { apiKey: "sk-compat", configuration: { baseURL: config.openaiBaseUrl }, maxRetries: 0 };
const runConfig = {
  metadata: {
    tenant_id: config.tenant,
    feature_name: config.feature,
    session_id: config.session,
    user_id: config.user,
  },
};
const model = new ChatOpenAI({ model: "gpt-4o-mini", ...connection });
const getWeather = tool(async ({ city }) => weather(JSON.stringify({ city })), {
  name: "get_weather",
  description: "Current weather for a city",
  schema: z.object({ city: z.string() }),
});

const scenarios = {
  async chat() {
    const prompt = ChatPromptTemplate.fromMessages([
      ["system", PROMPTS.system],
      ["human", "{question}"],
    ]);
    const reply = await prompt.pipe(model).invoke({ question: PROMPTS.chat }, runConfig);
    return { text: reply.content };
  },
  async stream() {
    let text = "";
    for await (const chunk of await model.stream(PROMPTS.stream, runConfig)) text += chunk.content;
    return { text };
  },
  async tool() {
    const withTools = model.bindTools([getWeather]);
    const messages = [new HumanMessage(PROMPTS.tool)];
    const first = await withTools.invoke(messages, runConfig);
    messages.push(first);
    for (const call of first.tool_calls) {
      const result = await getWeather.invoke(call.args, runConfig);
      messages.push(new ToolMessage({ content: result, tool_call_id: call.id }));
    }
    const second = await withTools.invoke(messages, runConfig);
    return { text: second.content };
  },
  async embeddings() {
    const embeddings = new OpenAIEmbeddings({ model: "text-embedding-3-small", ...connection });
    const vectors = await embeddings.embedDocuments(PROMPTS.embed);
    return { vectors: vectors.length };
  },
  async fail() {
    await new ChatOpenAI({ model: "fail-model", ...connection }).invoke(PROMPTS.chat, runConfig);
  },
};

async function main() {
  await runScenarios(scenarios);
  await otel.shutdown();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
