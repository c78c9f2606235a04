import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import o200k from "js-tiktoken/ranks/o200k_base";

// Usage a library leaves out (OpenInference's OpenAI instrumentation on streams, for one): an
// LLM span with messages but no token counts gets its tokens counted from the content, and is
// marked estimated. The encodings ship in js-tiktoken (nothing is downloaded): o200k_base for
// the models that use it (gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o-series), cl100k_base for every
// other model, a fair estimate for most of today's tokenizers.

/** At most this many characters of a payload are tokenized, the count scaled to the rest: js-tiktoken takes ~1 ms per 1,000 characters (ARCHITECTURE.md). */
export const MAX_COUNTED_CHARS = 4_000;
// Chat formats add a few tokens per message (role and separators); OpenAI documents 3 to 4.
const TOKENS_PER_MESSAGE = 4;
const O200K_MODELS = /^(?:.*\/)?(?:gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d)/i;

const encoders = new Map<string, Tiktoken>();
function encoder(model: string): Tiktoken {
  const name = O200K_MODELS.test(model) ? "o200k_base" : "cl100k_base";
  let found = encoders.get(name);
  if (!found) {
    found = new Tiktoken(name === "o200k_base" ? o200k : cl100k);
    encoders.set(name, found);
  }
  return found;
}

type Counted = { text: string; messages: number };

function collect(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      // Structure (roles, part types, ids) is not content.
      if (key === "role" || key === "type" || key === "id" || key === "finish_reason") continue;
      collect(v, out);
    }
  }
}

/** The text a payload carries: message contents, tool names and arguments; raw text as is. */
function contentOf(payload: string): Counted {
  const trimmed = payload.trim();
  if (!trimmed.startsWith("[") && !trimmed.startsWith("{")) return { text: payload, messages: 0 };
  try {
    const parsed: unknown = JSON.parse(trimmed);
    const parts: string[] = [];
    collect(parsed, parts);
    return { text: parts.join("\n"), messages: Array.isArray(parsed) ? parsed.length : 1 };
  } catch {
    return { text: payload, messages: 0 };
  }
}

function count(model: string, payload: string, perMessage: number): number {
  if (!payload) return 0;
  const { text, messages } = contentOf(payload);
  const head = text.length > MAX_COUNTED_CHARS ? text.slice(0, MAX_COUNTED_CHARS) : text;
  const tokens = head ? encoder(model).encode(head).length : 0;
  const scaled = head.length < text.length ? Math.round((tokens * text.length) / head.length) : tokens;
  return scaled + messages * perMessage;
}

/** Estimated input and output tokens of one model call from its payloads. */
export function estimateTokens(
  model: string,
  input: string | undefined,
  output: string | undefined,
  chat = true,
): { inputTokens: number; outputTokens: number } {
  return {
    inputTokens: count(model, input ?? "", chat ? TOKENS_PER_MESSAGE : 0),
    outputTokens: count(model, output ?? "", 0),
  };
}
