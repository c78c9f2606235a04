// The five scenarios as an application using the `openai` client itself would run them; the
// instrumentations that patch that client (official OpenTelemetry, OpenInference, OpenLLMetry,
// openlit) all drive this one file.
const { PROMPTS, WEATHER_TOOL, weather } = require("./common.cjs");

function openAiScenarios(client) {
  return {
    async chat() {
      const reply = await client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: PROMPTS.system },
          { role: "user", content: PROMPTS.chat },
        ],
      });
      return { text: reply.choices[0].message.content, usage: reply.usage };
    },
    async stream() {
      const stream = await client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: PROMPTS.stream }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
      return { text };
    },
    async tool() {
      const messages = [{ role: "user", content: PROMPTS.tool }];
      const first = await client.chat.completions.create({ model: "gpt-4o-mini", messages, tools: [WEATHER_TOOL] });
      const call = first.choices[0].message.tool_calls[0];
      messages.push(first.choices[0].message, {
        role: "tool",
        tool_call_id: call.id,
        content: weather(call.function.arguments),
      });
      const second = await client.chat.completions.create({ model: "gpt-4o-mini", messages, tools: [WEATHER_TOOL] });
      return { text: second.choices[0].message.content };
    },
    async embeddings() {
      const reply = await client.embeddings.create({ model: "text-embedding-3-small", input: PROMPTS.embed });
      return { vectors: reply.data.length, usage: reply.usage };
    },
    async fail() {
      await client.chat.completions.create({
        model: "fail-model",
        messages: [{ role: "user", content: PROMPTS.chat }],
      });
    },
  };
}

module.exports = { openAiScenarios };
