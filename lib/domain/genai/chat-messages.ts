// Stored messages (GenAI "parts", OpenAI chat shape, or a bare string) as OpenAI chat messages,
// so a recorded LLM step can be sent again. Tool results recorded in the trace become `tool`
// messages: a re-run reads them as they were instead of calling the tool (the stubs).

export type ChatToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };
export type ChatMessage = {
  role: "system" | "user" | "assistant" | "tool";
  content: string | null;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
};
/** A tool's recorded result, from a tool span of the trace. */
export type RecordedTool = { name: string; callId: string | null; result: string };

type Loose = Record<string, unknown>;
const ROLES = new Set(["system", "user", "assistant", "tool"]);

const text = (v: unknown): string =>
  typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v);

function parse(stored: string): unknown {
  try {
    return JSON.parse(stored);
  } catch {
    return stored;
  }
}

function roleOf(v: unknown): ChatMessage["role"] {
  const role = typeof v === "string" ? v.toLowerCase() : "user";
  if (role === "developer") return "system";
  if (role === "model" || role === "ai") return "assistant";
  return ROLES.has(role) ? (role as ChatMessage["role"]) : "user";
}

function toolCall(raw: Loose, index: number): ChatToolCall {
  const fn = (raw.function ?? {}) as Loose;
  return {
    id: text(raw.id) || `call_${index}`,
    type: "function",
    function: { name: text(fn.name ?? raw.name), arguments: text(fn.arguments ?? raw.arguments) || "{}" },
  };
}

function fromParts(role: ChatMessage["role"], parts: Loose[]): ChatMessage[] {
  const texts: string[] = [];
  const calls: ChatToolCall[] = [];
  const results: ChatMessage[] = [];
  parts.forEach((p, i) => {
    if (p.type === "tool_call") calls.push(toolCall(p, i));
    else if (p.type === "tool_call_response")
      results.push({ role: "tool", tool_call_id: text(p.id), content: text(p.response) });
    else if (p.type === "text" || p.type === undefined) texts.push(text(p.content ?? p.text));
  });
  const out: ChatMessage[] = [];
  if (texts.length || calls.length || (role !== "tool" && !results.length))
    out.push({
      role: role === "tool" ? "user" : role,
      content: texts.join("\n") || null,
      ...(calls.length ? { tool_calls: calls } : {}),
    });
  return [...out, ...results];
}

function fromMessage(raw: unknown): ChatMessage[] {
  if (typeof raw === "string") return [{ role: "user", content: raw }];
  if (!raw || typeof raw !== "object") return [];
  const m = raw as Loose;
  const role = roleOf(m.role);
  if (Array.isArray(m.parts)) return fromParts(role, m.parts as Loose[]);
  const calls = Array.isArray(m.tool_calls) ? (m.tool_calls as Loose[]).map(toolCall) : [];
  const content = Array.isArray(m.content)
    ? (m.content as Loose[]).map((c) => text(c.text ?? c.content ?? c)).join("\n")
    : m.content === undefined || m.content === null
      ? null
      : text(m.content);
  return [
    {
      role,
      content,
      ...(calls.length ? { tool_calls: calls } : {}),
      ...(role === "tool" ? { tool_call_id: text(m.tool_call_id ?? m.id) } : {}),
    },
  ];
}

/** A stored `input` as chat messages; a bare string is one user message. */
export function toChatMessages(stored: string): ChatMessage[] {
  if (!stored.trim()) return [];
  const parsed = parse(stored);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.flatMap(fromMessage);
}

/** The readable text of a stored `output` (or of an answer): its texts, tool calls as one line each. */
export function answerText(stored: string): string {
  return toChatMessages(stored)
    .filter((m) => m.role === "assistant" || m.role === "user")
    .map((m) =>
      [m.content ?? "", ...(m.tool_calls ?? []).map((c) => `→ ${c.function.name}(${c.function.arguments})`)]
        .filter(Boolean)
        .join("\n"),
    )
    .filter(Boolean)
    .join("\n");
}

/**
 * The recorded result for each tool call the model asks for, by call id, else the next unused
 * recorded call of the same tool name; null when the trace has none (the re-run then stops).
 */
export function stubResults(calls: ChatToolCall[], recorded: RecordedTool[], used: Set<number>): ChatMessage[] | null {
  const out: ChatMessage[] = [];
  for (const call of calls) {
    let index = recorded.findIndex((r, i) => !used.has(i) && r.callId !== null && r.callId === call.id);
    if (index < 0) index = recorded.findIndex((r, i) => !used.has(i) && r.name === call.function.name);
    if (index < 0) return null;
    used.add(index);
    out.push({ role: "tool", tool_call_id: call.id, content: recorded[index]!.result });
  }
  return out;
}
