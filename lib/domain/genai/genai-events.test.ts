import { describe, expect, it } from "vitest";
import { messagesFromEvents } from "./genai-events";

const event = (event_name: string, body: unknown, attributes: Record<string, string> = {}) => ({
  event_name,
  body: JSON.stringify(body),
  attributes,
});

describe("GenAI event records as span messages", () => {
  it("turns the older per-message events into gen_ai.input/output.messages", () => {
    const { input, output } = messagesFromEvents([
      event("gen_ai.system.message", { content: "You are terse." }),
      event("gen_ai.user.message", { content: "Weather in Paris?" }),
      event("gen_ai.assistant.message", {
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
        ],
      }),
      event("gen_ai.tool.message", { content: "18C, sunny", id: "call_1" }),
      event("gen_ai.choice", { index: 1, finish_reason: "length", message: { content: "Second" } }),
      event("gen_ai.choice", {
        index: 0,
        finish_reason: "stop",
        message: { role: "assistant", content: [{ type: "text", text: "Sunny, 18C." }] },
      }),
    ]);
    expect(JSON.parse(input!)).toEqual([
      { role: "system", parts: [{ type: "text", content: "You are terse." }] },
      { role: "user", parts: [{ type: "text", content: "Weather in Paris?" }] },
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } }],
      },
      { role: "tool", parts: [{ type: "tool_call_response", id: "call_1", response: "18C, sunny" }] },
    ]);
    expect(JSON.parse(output!)).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "Sunny, 18C." }], finish_reason: "stop" },
      { role: "assistant", parts: [{ type: "text", content: "Second" }], finish_reason: "length" },
    ]);
  });

  it("takes the newer operation-details event's attributes as they are, system instructions first", () => {
    const inputMessages = [{ role: "user", parts: [{ type: "text", content: "Hi" }] }];
    const outputMessages = [{ role: "assistant", parts: [{ type: "text", content: "Hello" }], finish_reason: "stop" }];
    const { input, output } = messagesFromEvents([
      event(
        "gen_ai.client.inference.operation.details",
        {},
        {
          "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: "Be kind." }]),
          "gen_ai.input.messages": JSON.stringify(inputMessages),
          "gen_ai.output.messages": JSON.stringify(outputMessages),
        },
      ),
    ]);
    expect(JSON.parse(input!)).toEqual([
      { role: "system", parts: [{ type: "text", content: "Be kind." }] },
      ...inputMessages,
    ]);
    expect(JSON.parse(output!)).toEqual(outputMessages);
  });

  it("leaves input and output unset when no event carried any, and survives bodies that are not JSON", () => {
    expect(messagesFromEvents([])).toEqual({ input: undefined, output: undefined });
    expect(messagesFromEvents([{ event_name: "gen_ai.choice", body: "{cut off", attributes: {} }]).output).toBe(
      '[{"role":"assistant","parts":[]}]',
    );
  });
});
