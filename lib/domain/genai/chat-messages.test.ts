import { describe, expect, it } from "vitest";
import { answerText, stubResults, toChatMessages } from "./chat-messages";
import { textDiff } from "./text-diff";

describe("stored messages as chat messages", () => {
  it("reads GenAI parts, with tool calls and tool results as tool messages", () => {
    const stored = JSON.stringify([
      { role: "system", parts: [{ type: "text", content: "Be brief." }] },
      { role: "user", parts: [{ type: "text", content: "Weather in Paris?" }] },
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: "c1", name: "get_weather", arguments: { city: "Paris" } }],
      },
      { role: "tool", parts: [{ type: "tool_call_response", id: "c1", response: "Sunny, 21 °C" }] },
    ]);
    expect(toChatMessages(stored)).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Weather in Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
      },
      { role: "tool", tool_call_id: "c1", content: "Sunny, 21 °C" },
    ]);
  });

  it("reads the OpenAI shape and a bare string", () => {
    expect(
      toChatMessages(
        JSON.stringify([
          { role: "developer", content: "x" },
          { role: "tool", tool_call_id: "a", content: "r" },
        ]),
      ),
    ).toEqual([
      { role: "system", content: "x" },
      { role: "tool", tool_call_id: "a", content: "r" },
    ]);
    expect(toChatMessages("hello")).toEqual([{ role: "user", content: "hello" }]);
    expect(toChatMessages("")).toEqual([]);
  });

  it("gives an answer's text with its tool calls", () => {
    const out = JSON.stringify([
      {
        role: "assistant",
        parts: [
          { type: "text", content: "Checking." },
          { type: "tool_call", name: "f", arguments: "{}" },
        ],
      },
    ]);
    expect(answerText(out)).toBe("Checking.\n→ f({})");
  });

  it("stubs tool calls from recorded results by call id, then by name, each used once", () => {
    const recorded = [
      { name: "get_weather", callId: "old", result: "rain" },
      { name: "get_weather", callId: "c9", result: "sun" },
    ];
    const call = (id: string) => ({
      id,
      type: "function" as const,
      function: { name: "get_weather", arguments: "{}" },
    });
    const used = new Set<number>();
    expect(stubResults([call("c9"), call("new")], recorded, used)).toEqual([
      { role: "tool", tool_call_id: "c9", content: "sun" },
      { role: "tool", tool_call_id: "new", content: "rain" },
    ]);
    expect(stubResults([call("again")], recorded, used)).toBeNull();
  });

  it("diffs words", () => {
    expect(textDiff("It is Lyon.", "It is Paris.")).toEqual([
      { op: "same", text: "It is " },
      { op: "removed", text: "Lyon" },
      { op: "added", text: "Paris" },
      { op: "same", text: "." },
    ]);
  });
});
