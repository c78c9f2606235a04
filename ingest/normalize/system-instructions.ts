import type { AttributeValue } from "../otlp/types";
import { parseJson, stringOf } from "./attributes";

// GenAI `gen_ai.system_instructions` is kept apart from `gen_ai.input.messages` by the
// convention (a JSON array of parts, or a plain string; older drafts an object
// `{ role, message: { type, content } }`). The replay shows the input, so the instructions go
// into it as a leading system message, in the parts shape the UI and rule scores read.

type SystemMessage = { role: "system"; parts: AttributeValue[] };

export function systemMessage(value: AttributeValue | undefined): SystemMessage | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const parsed = parseJson(value);
  if (Array.isArray(parsed)) return parsed.length ? { role: "system", parts: parsed } : undefined;
  if (parsed && typeof parsed === "object") {
    const message = parsed.message ?? parsed;
    return {
      role: "system",
      parts: [typeof message === "object" ? message : { type: "text", content: stringOf(message) ?? "" }],
    };
  }
  const text = stringOf(value);
  return text ? { role: "system", parts: [{ type: "text", content: text }] } : undefined;
}

/** The input with the system instructions first, unless it already opens with a system message. */
export function withSystemInstructions(
  input: string | undefined,
  system: SystemMessage | undefined,
): string | undefined {
  if (!system) return input;
  if (!input) return JSON.stringify([system]);
  const parsed = parseJson(input);
  if (Array.isArray(parsed)) {
    const first = parsed[0];
    if (first && typeof first === "object" && !Array.isArray(first) && first.role === "system") return input;
    return JSON.stringify([system, ...parsed]);
  }
  return JSON.stringify([system, { role: "user", parts: [{ type: "text", content: input }] }]);
}
