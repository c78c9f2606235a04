// A turn of a conversation as the end user saw it: what they asked (the last user message of
// the turn's request) and what they got back (the turn's final answer). Inputs and outputs are
// stored as each convention sends them: message lists ({role, content} or {role, parts}), Vercel
// prompt objects ({prompt} / {messages}), or plain text; anything else is shown as it is.

export const MAX_TURN_TEXT = 4000;

type Json = unknown;

function parse(text: string): Json {
  const t = text.trim();
  if (!t.startsWith("[") && !t.startsWith("{") && !t.startsWith('"')) return text;
  try {
    return JSON.parse(t) as Json;
  } catch {
    return text;
  }
}

/** The readable text of a message, its content or its parts (text parts only when there are any). */
export function textOf(value: Json): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join("\n");
  if (value && typeof value === "object") {
    const o = value as Record<string, Json>;
    if (typeof o.text === "string") return o.text;
    if (o.content !== undefined) return textOf(o.content);
    if (o.parts !== undefined) return textOf(o.parts);
  }
  return "";
}

function messagesOf(value: Json): Array<{ role?: unknown }> | null {
  if (Array.isArray(value) && value.every((m) => m && typeof m === "object" && "role" in m))
    return value as Array<{ role?: unknown }>;
  if (value && typeof value === "object" && Array.isArray((value as { messages?: unknown }).messages))
    return messagesOf((value as { messages: unknown }).messages);
  return null;
}

const cut = (text: string) => (text.length > MAX_TURN_TEXT ? `${text.slice(0, MAX_TURN_TEXT)}…` : text);

/** The user's message in a request payload: the last `user` message, a prompt, or the text itself. */
export function userMessageOf(input: string): string {
  if (!input) return "";
  const value = parse(input);
  const messages = messagesOf(value);
  if (messages) {
    const last = [...messages].reverse().find((m) => m.role === "user" || m.role === "human");
    return cut(last ? textOf(last) : "");
  }
  if (value && typeof value === "object" && typeof (value as { prompt?: unknown }).prompt === "string")
    return cut((value as { prompt: string }).prompt);
  return cut(textOf(value));
}

/** The answer in a response payload: the last assistant message, or the text itself. */
export function answerOf(output: string): string {
  if (!output) return "";
  const value = parse(output);
  const messages = messagesOf(value);
  if (messages) {
    const answers = messages.filter((m) => m.role !== "user" && m.role !== "system" && m.role !== "tool");
    return cut(textOf(answers[answers.length - 1] ?? ""));
  }
  return cut(textOf(value));
}

export type TurnSpan = {
  span_id: string;
  parent_span_id: string;
  kind: string;
  start_time: string;
  status: string;
  name: string;
  input: string;
  output: string;
};

/**
 * A turn's message and answer from its spans: the root's payloads where they read as text,
 * else the first model call's request and the last model call's answer; and its failing step
 * (the earliest failing span that has no failing child, so the tool call rather than the agent).
 */
export function turnOf(spans: TurnSpan[]): {
  userMessage: string;
  answer: string;
  failingSpan: TurnSpan | null;
} {
  const ordered = [...spans].sort(
    (a, b) => a.start_time.localeCompare(b.start_time) || a.span_id.localeCompare(b.span_id),
  );
  const root = ordered.find((s) => s.parent_span_id === "");
  const llm = ordered.filter((s) => s.kind === "llm");
  const userMessage = (root && userMessageOf(root.input)) || llm.map((s) => userMessageOf(s.input)).find(Boolean) || "";
  const answer =
    (root && answerOf(root.output)) ||
    [...llm]
      .reverse()
      .map((s) => answerOf(s.output))
      .find(Boolean) ||
    "";
  const failing = ordered.filter((s) => s.status === "error");
  const failingParents = new Set(failing.map((s) => s.parent_span_id));
  const failingSpan = failing.find((s) => !failingParents.has(s.span_id)) ?? null;
  return { userMessage, answer, failingSpan };
}
