// What a model answered, read back from the `output` payload the normalizers store: plain text,
// GenAI `gen_ai.output.messages` (parts), OpenAI-style messages or a raw chat completion. Used
// by the rule scores; deterministic and cheap (one JSON.parse of the payload at most).

export type Answer = { text: string; toolCalls: number; refusal: string };

type Part = { type?: unknown; content?: unknown; text?: unknown };
type MessageLike = {
  role?: unknown;
  content?: unknown;
  parts?: unknown;
  tool_calls?: unknown;
  toolCalls?: unknown;
  refusal?: unknown;
  message?: unknown;
};

function textOf(content: unknown): { text: string; toolCalls: number } {
  if (typeof content === "string") return { text: content, toolCalls: 0 };
  if (!Array.isArray(content)) return { text: "", toolCalls: 0 };
  let text = "";
  let toolCalls = 0;
  for (const part of content as Part[]) {
    if (typeof part === "string") text += part;
    else if (part && typeof part === "object") {
      if (
        part.type === "tool_call" ||
        part.type === "tool-call" ||
        part.type === "tool_use" ||
        part.type === "function_call"
      )
        toolCalls += 1;
      else if (typeof part.content === "string") text += part.content;
      else if (typeof part.text === "string") text += part.text;
    }
  }
  return { text, toolCalls };
}

function fromMessages(messages: MessageLike[]): Answer {
  const answer: Answer = { text: "", toolCalls: 0, refusal: "" };
  for (const raw of messages) {
    const m = (raw?.message && typeof raw.message === "object" ? raw.message : raw) as MessageLike;
    if (!m || typeof m !== "object") continue;
    if (m.role !== undefined && m.role !== "assistant" && m.role !== "model") continue;
    const fromParts = textOf(m.parts ?? m.content);
    answer.text += fromParts.text;
    answer.toolCalls += fromParts.toolCalls;
    const calls = m.tool_calls ?? m.toolCalls;
    if (Array.isArray(calls)) answer.toolCalls += calls.length;
    if (typeof m.refusal === "string") answer.refusal += m.refusal;
  }
  return answer;
}

export function readAnswer(output: string): Answer {
  const trimmed = output.trim();
  if (!trimmed.startsWith("[") && !trimmed.startsWith("{")) return { text: output, toolCalls: 0, refusal: "" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { text: output, toolCalls: 0, refusal: "" };
  }
  if (Array.isArray(parsed)) {
    // A JSON array that is not a message list is the answer itself (e.g. a generated object).
    return parsed.some((m) => m && typeof m === "object" && ("role" in m || "parts" in m || "message" in m))
      ? fromMessages(parsed as MessageLike[])
      : { text: output, toolCalls: 0, refusal: "" };
  }
  const object = parsed as { choices?: unknown; role?: unknown; content?: unknown; parts?: unknown };
  if (Array.isArray(object.choices)) return fromMessages(object.choices as MessageLike[]);
  if ("role" in object || "parts" in object || ("content" in object && Object.keys(object).length <= 3))
    return fromMessages([object as MessageLike]);
  return { text: output, toolCalls: 0, refusal: "" };
}
