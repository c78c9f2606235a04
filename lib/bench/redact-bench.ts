import { normalizeSpan } from "@/ingest/normalize/normalize-span";
import { DEFAULT_PAYLOAD_CAP_BYTES } from "@/lib/domain/ingest-settings";
import { type SpanRow } from "@/lib/domain/span/span-row";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { DETECTOR_KINDS } from "@/lib/domain/redaction/redaction-settings";
import { redactSpanRow } from "@/ingest/redact/redact-row";
import { DEFAULT_REDACTION, type RedactionSettings } from "@/lib/domain/redaction/redaction-settings";
import { redactorFor } from "@/ingest/redact/redactor";
import { otlpJson } from "@/lib/testing/otlp";

// What redaction adds per span, in JavaScript, on normalized rows (what ingest redacts):
// structural spans with no payload (the path that must stay near free), chat spans of ~1.2 KB
// with nothing to mask, the same with a key and an e-mail address to mask, and a 64 KiB
// payload; each under the default rules, every built-in, and every built-in plus 3 custom rules.

const words =
  "the quick brown fox jumps over a lazy dog while the model answers questions about refunds orders and invoices 2026-10-05 12:34:56".split(
    " ",
  );
const sentence = (n: number, seed = 0) =>
  Array.from({ length: n }, (_, i) => words[(i * 7 + seed) % words.length]).join(" ");
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

function rows(count: number, attributes: (i: number) => Record<string, string | number>): SpanRow[] {
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId: hex(i + 1, 32),
    spanId: hex(i + 1, 16),
    name: "step",
    startMs: 1_790_000_000_000 + i,
    durationMs: 12,
    attributes: attributes(i),
  }));
  return decodeJson(JSON.stringify(otlpJson(spans, { "service.name": "bench", "host.name": "worker-7" }))).map((s) => {
    const r = normalizeSpan("bench", s, {
      tenantKeys: [],
      featureKeys: [],
      payloadCapBytes: DEFAULT_PAYLOAD_CAP_BYTES,
    });
    if (!r.ok) throw new Error(r.reason);
    return r.row;
  });
}

const chat = (i: number, content: string) => ({
  "gen_ai.operation.name": "chat",
  "gen_ai.request.model": "gpt-4o-mini",
  "gen_ai.usage.input_tokens": 900 + i,
  "gen_ai.usage.output_tokens": 150,
  "tenant.id": `tenant-${i % 7}`,
  "feature.name": "support",
  "gen_ai.input.messages": JSON.stringify([{ role: "user", content }]),
  "gen_ai.output.messages": JSON.stringify([{ role: "assistant", content: sentence(40, i) }]),
});

const SHAPES: Record<string, () => SpanRow[]> = {
  "no payload (8 attributes)": () =>
    rows(2_000, (i) => ({
      "http.method": "GET",
      "http.route": "/v1/orders/:id",
      "http.status_code": 200,
      "db.system": "postgresql",
      "tenant.id": `tenant-${i % 7}`,
      "feature.name": "orders",
      "net.peer.port": 5432,
      "thread.id": i,
    })),
  "chat ~1.2 KB, nothing to mask": () => rows(2_000, (i) => chat(i, sentence(80, i))),
  "chat ~1.2 KB, a key and an e-mail": () =>
    rows(2_000, (i) =>
      chat(i, `${sentence(60, i)} my key is sk-proj-Ab3dEf6hIj9kLmN0pQ${hex(i, 12)} mail me at user${i}@example.com`),
    ),
  "64 KiB payload, nothing to mask": () => rows(50, (i) => chat(i, sentence(10_000, i))),
};

const RULESETS: Record<string, RedactionSettings> = {
  defaults: DEFAULT_REDACTION,
  "all built-ins": { detectors: [...DETECTOR_KINDS], customRules: [] },
  "all + 3 custom": {
    detectors: [...DETECTOR_KINDS],
    customRules: [
      { name: "order_id", pattern: "ORD-[0-9]{8}" },
      { name: "ssn", pattern: "\\b[0-9]{3}-[0-9]{2}-[0-9]{4}\\b" },
      { name: "iban", pattern: "\\b[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}\\b" },
    ],
  },
};

/** Median microseconds of redaction per span over 15 rounds, on fresh copies (redaction edits rows in place). */
function microsPerSpan(template: SpanRow[], settings: RedactionSettings): number {
  const redactor = redactorFor(settings);
  const rounds: number[] = [];
  for (let round = 0; round < 18; round++) {
    const batch = structuredClone(template);
    const started = performance.now();
    for (const row of batch) redactSpanRow(row, redactor);
    if (round >= 3) rounds.push(((performance.now() - started) * 1000) / batch.length); // three rounds warm up
  }
  return rounds.sort((x, y) => x - y)[Math.floor(rounds.length / 2)]!;
}

export function benchRedaction(): Array<{ shape: string; rules: string; usPerSpan: number }> {
  return Object.entries(SHAPES).flatMap(([shape, make]) => {
    const template = make();
    return Object.entries(RULESETS).map(([rules, settings]) => ({
      shape,
      rules,
      usPerSpan: microsPerSpan(template, settings),
    }));
  });
}
