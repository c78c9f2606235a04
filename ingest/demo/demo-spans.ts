import type { Attr, JsonSpan } from "../otlp/build-json";

// The demo's span builders: a seeded random source and spans as the demo's instrumented app
// would export them (GenAI attributes, errors with their exception event).

export type Rng = () => number;
export function seeded(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hex(rng: Rng, bytes: number): string {
  let out = "";
  for (let i = 0; i < bytes; i++)
    out += Math.floor(rng() * 256)
      .toString(16)
      .padStart(2, "0");
  return out;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export type Builder = { spans: JsonSpan[]; traceId: string; rng: Rng; at: number };

export type Events = NonNullable<JsonSpan["events"]>;

export function span(
  b: Builder,
  name: string,
  parent: string | undefined,
  offsetMs: number,
  durationMs: number,
  attributes: Record<string, Attr>,
  error?: string,
  events: Events = [],
): string {
  const id = hex(b.rng, 8);
  b.spans.push({
    traceId: b.traceId,
    spanId: id,
    parentSpanId: parent,
    name,
    startMs: b.at + offsetMs,
    durationMs,
    attributes,
    status: error ? { code: 2, message: error } : { code: 1 },
    events: error
      ? [{ name: "exception", attributes: { "exception.type": "Error", "exception.message": error } }]
      : events,
  });
  return id;
}

/** An OpenTelemetry GenAI evaluation result, as the app's own evaluator would attach it. */
export const evaluation = (name: string, value: number): Events[number] => ({
  name: "gen_ai.evaluation.result",
  attributes: {
    "gen_ai.evaluation.name": name,
    "gen_ai.evaluation.score.value": value,
    "gen_ai.evaluation.score.label": value >= 0.6 ? "relevant" : "not_relevant",
  },
});

export function llm(
  b: Builder,
  parent: string,
  offset: number,
  model: string,
  provider: string,
  question: string,
  answer: string,
  error?: string,
  relevance?: number,
) {
  const input = 400 + Math.floor(b.rng() * 1800);
  const output = error ? 0 : 60 + Math.floor(b.rng() * 400);
  const duration = 400 + output * 12 + b.rng() * 300;
  span(
    b,
    `chat ${model}`,
    parent,
    offset,
    duration,
    {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": provider,
      "gen_ai.request.model": model,
      "gen_ai.response.model": model,
      "gen_ai.usage.input_tokens": input,
      "gen_ai.usage.output_tokens": output,
      "gen_ai.usage.cache_read.input_tokens": b.rng() < 0.4 ? Math.floor(input * 0.6) : 0,
      "gen_ai.response.finish_reasons": [error ? "error" : b.rng() < 0.03 ? "length" : "stop"],
      "gen_ai.server.time_to_first_token": 0.15 + b.rng() * 0.5,
      "gen_ai.prompt.name": "answer-with-context",
      "gen_ai.prompt.version": b.at > Date.now() - 10 * 86_400_000 ? "v4" : "v3",
      "gen_ai.input.messages": JSON.stringify([
        { role: "system", content: "Answer from the context only." },
        { role: "user", content: question },
      ]),
      "gen_ai.output.messages": error ? "[]" : JSON.stringify([{ role: "assistant", content: answer }]),
    },
    error,
    relevance === undefined ? [] : [evaluation("relevance", relevance)],
  );
  return duration;
}
