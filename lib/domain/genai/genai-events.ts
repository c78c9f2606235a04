// GenAI event log records (the older per-message events and the newer
// `gen_ai.client.inference.operation.details`) turned into the span's input and output, in the
// shape of `gen_ai.input.messages` / `gen_ai.output.messages`: `{ role, parts: [...] }` with
// text, tool_call and tool_call_response parts. System instructions lead the input as a
// system message. Done when a trace is read, so the order in which logs and span arrive
// does not matter.

export const GENAI_EVENT_NAMES = new Set([
  "gen_ai.system.message",
  "gen_ai.user.message",
  "gen_ai.assistant.message",
  "gen_ai.tool.message",
  "gen_ai.choice",
  "gen_ai.client.inference.operation.details",
]);

/** What is read of a stored log record to rebuild messages. */
export type GenAiEventRecord = { event_name: string; body: string; attributes: Record<string, string> };

type Part = Record<string, unknown> & { type: string };
type Message = { role: string; parts: unknown[]; finish_reason?: string };
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function parse(text: string | undefined): unknown {
  if (!text) return undefined;
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return undefined;
  }
}

/** `content` as sent: a string, or an OpenAI-style list of `{ type: "text", text }` pieces. */
function textParts(content: unknown): Part[] {
  if (content === undefined || content === null || content === "") return [];
  if (typeof content === "string") return [{ type: "text", content }];
  if (Array.isArray(content)) {
    return content.map((c) =>
      typeof c === "string"
        ? { type: "text", content: c }
        : isObject(c) && typeof c.text === "string"
          ? { type: "text", content: c.text }
          : { type: "text", content: JSON.stringify(c) },
    );
  }
  return [{ type: "text", content: JSON.stringify(content) }];
}

function toolCallParts(calls: unknown): Part[] {
  if (!Array.isArray(calls)) return [];
  return calls.filter(isObject).map((call) => {
    const fn = isObject(call.function) ? call.function : {};
    const args = typeof fn.arguments === "string" ? (parse(fn.arguments) ?? fn.arguments) : fn.arguments;
    return { type: "tool_call", id: call.id ?? null, name: fn.name ?? null, arguments: args ?? null };
  });
}

function messageOf(role: string, body: Json): Message {
  return {
    role: typeof body.role === "string" && body.role ? body.role : role,
    parts: [...textParts(body.content), ...toolCallParts(body.tool_calls)],
  };
}

function list(text: string | undefined): unknown[] {
  const parsed = parse(text);
  return Array.isArray(parsed) ? parsed : [];
}

/** Input and output rebuilt from a span's GenAI event records, in their stored order; undefined where none carried any. */
export function messagesFromEvents(records: GenAiEventRecord[]): { input?: string; output?: string } {
  const input: Message[] = [];
  const output: Array<Message & { index: number }> = [];
  for (const record of records) {
    const body = parse(record.body);
    const b = isObject(body) ? body : {};
    switch (record.event_name) {
      case "gen_ai.system.message":
        input.push(messageOf("system", b));
        break;
      case "gen_ai.user.message":
        input.push(messageOf("user", b));
        break;
      case "gen_ai.assistant.message":
        input.push(messageOf("assistant", b));
        break;
      case "gen_ai.tool.message":
        input.push({
          role: typeof b.role === "string" && b.role ? b.role : "tool",
          parts: [{ type: "tool_call_response", id: b.id ?? null, response: b.content ?? null }],
        });
        break;
      case "gen_ai.choice": {
        const message = messageOf("assistant", isObject(b.message) ? b.message : {});
        const finish = typeof b.finish_reason === "string" ? { finish_reason: b.finish_reason } : {};
        output.push({ ...message, ...finish, index: typeof b.index === "number" ? b.index : output.length });
        break;
      }
      case "gen_ai.client.inference.operation.details": {
        const instructions = list(record.attributes["gen_ai.system_instructions"]);
        if (instructions.length) input.push({ role: "system", parts: instructions });
        input.push(...(list(record.attributes["gen_ai.input.messages"]) as Message[]));
        output.push(
          ...(list(record.attributes["gen_ai.output.messages"]) as Message[]).map((m, i) => ({
            ...m,
            index: output.length + i,
          })),
        );
        break;
      }
    }
  }
  output.sort((a, b) => a.index - b.index);
  return {
    input: input.length ? JSON.stringify(input) : undefined,
    output: output.length ? JSON.stringify(output.map(({ index: _index, ...m }) => m)) : undefined,
  };
}
