import type { SpanKind } from "@/lib/domain/span/span-row";
import type { AttributeValue, Attributes } from "../otlp/types";

export type RetrievedDocument = { id: string; score: number | null; content: string };
export type Message = { role: string; content: string; [key: string]: unknown };

/** What one convention recognised in a span; the first convention to set a field wins. */
export type Extracted = Partial<{
  kind: SpanKind;
  model: string;
  responseModel: string;
  provider: string;
  operation: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  reportedCostUsd: number;
  finishReason: string;
  promptName: string;
  promptVersion: string;
  timeToFirstTokenMs: number;
  toolName: string;
  toolCallId: string;
  toolArguments: string;
  toolResult: string;
  documents: RetrievedDocument[];
  input: string;
  output: string;
  tenant: string;
  feature: string;
  gpuType: string;
  gpuCount: number;
  gpuUtilization: number;
  /** Time per output token (TPOT), from the seconds the conventions report. */
  timePerOutputTokenMs: number;
  /** The span carried chat messages (not just a generic input/output value). */
  messages: boolean;
  /**
   * The convention declares the span an agent, a wrapper of model calls or a retrieval: the
   * model rule (model + usage or messages = an LLM step) leaves its kind alone.
   */
  kindIsFinal: boolean;
  /** GenAI `gen_ai.system_instructions`, put first in the input after merging. */
  systemInstructions: { role: "system"; parts: AttributeValue[] };
  /** Session (conversation) and end-user ids from convention-specific keys (Vercel, OpenLLMetry, OpenInference metadata). */
  sessionId: string;
  userId: string;
}>;

export type Convention = {
  name: string;
  /** First segments of every attribute key `extract` reads ("gen_ai" for gen_ai.*): a span with none of them is skipped. */
  namespaces: readonly string[];
  extract: (attributes: Attributes, resource: Attributes) => Extracted;
};

/** The first segments of a span's attribute keys ("gen_ai", "llm", "metadata", ...). */
export function namespacesOf(attributes: Attributes): Set<string> {
  const found = new Set<string>();
  for (const key in attributes) {
    const dot = key.indexOf(".");
    found.add(dot === -1 ? key : key.slice(0, dot));
  }
  return found;
}

export function stringOf(value: AttributeValue | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function firstString(a: Attributes, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = stringOf(a[key]);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function firstNumber(a: Attributes, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = a[key];
    const n =
      typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

/**
 * Collects flattened list attributes, e.g. `llm.input_messages.0.message.role` with prefix
 * `llm.input_messages.` → `[{ "message.role": ... }]`, ordered by index.
 */
export function indexed(a: Attributes, prefix: string): Array<Record<string, AttributeValue>> {
  const byIndex = new Map<number, Record<string, AttributeValue>>();
  for (const key in a) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf(".");
    const index = Number(dot === -1 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(index) || index < 0 || index > 10_000) continue;
    const entry = byIndex.get(index) ?? {};
    entry[dot === -1 ? "" : rest.slice(dot + 1)] = a[key] ?? null;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()].sort((x, y) => x[0] - y[0]).map(([, entry]) => entry);
}

/** Parses a JSON-valued attribute (many SDKs send structured data as a JSON string). */
export function parseJson(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value !== "string") return value ?? undefined;
  const trimmed = value.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return undefined;
  try {
    return JSON.parse(trimmed) as AttributeValue;
  } catch {
    return undefined;
  }
}

export const messagesJson = (messages: Message[]) => (messages.length ? JSON.stringify(messages) : undefined);
