import { describe, expect, it } from "vitest";
import { normalizeAll } from "../normalize/normalize-all";
import { decodeJson } from "../otlp/decode-json";
import { otlpJson, spanId, traceId } from "@/lib/testing/otlp";
import { deriveBatch } from "./derive-batch";
import { decodeEntry, encodeEntry, traceEntry, type TraceEntry } from "./entry";

function request(trace = traceId(), spans = 3) {
  const json = otlpJson(
    Array.from({ length: spans }, (_, i) => ({
      traceId: trace,
      spanId: spanId(),
      name: `chat ${i} — ünïcödé`,
      startMs: Date.now() - 1000 + i,
      durationMs: 5,
      attributes: { "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 3 + i, "tenant.id": "acme" },
    })),
  );
  return normalizeAll("entry-test", decodeJson(JSON.stringify(json)), {
    tenantKeys: ["tenant.id"],
    featureKeys: [],
    payloadCapBytes: 1024,
  });
}

describe("ingest log entries", () => {
  it("keep a trace record's heads, scores and RowBinary rows through encoding", () => {
    const { rows, scores } = request();
    const entry = traceEntry(rows, scores);
    const decoded = decodeEntry(encodeEntry(entry)) as TraceEntry;
    expect(decoded.heads).toEqual(entry.heads);
    expect(decoded.heads[2]).toMatchObject({ span_id: rows[2]!.span_id, tenant: "acme", input_tokens: 5 });
    expect(decoded.scores).toEqual(entry.scores);
    expect(decoded.spans.ends).toEqual(entry.spans.ends);
    expect(Buffer.compare(decoded.spans.body, entry.spans.body)).toBe(0);
  });

  it("read a trace record of the earlier JSON format as a binary one", () => {
    const { rows, scores } = request();
    const legacy = Buffer.from(JSON.stringify({ signal: "traces", rows, scores }), "utf8");
    const decoded = decodeEntry(legacy) as TraceEntry;
    const current = traceEntry(rows, scores);
    expect(decoded.heads).toEqual(current.heads);
    expect(Buffer.compare(decoded.spans.body, current.spans.body)).toBe(0);
  });

  it("derive one spans insert from many decoded records, resent spans once, each row with its usage_counted byte", () => {
    const trace = traceId();
    const first = request(trace, 2);
    const second = request(traceId(), 3);
    const entries = [
      decodeEntry(encodeEntry(traceEntry(first.rows, first.scores))),
      decodeEntry(encodeEntry(traceEntry(second.rows, second.scores))),
      // The first request again (an exporter's retry): its spans count once.
      decodeEntry(encodeEntry(traceEntry(first.rows, first.scores))),
    ];
    const batch = deriveBatch(entries, []);
    expect(batch.spans).toHaveLength(1);
    const rowBytes = (e: (typeof entries)[number]) => (e as TraceEntry).spans.body.length;
    // Five distinct spans: the second request's rows, the first's (last copy), one byte each more.
    expect(batch.spans[0]!.body.length).toBe(rowBytes(entries[0]!) + rowBytes(entries[1]!) + 5);
    expect(batch.spans[0]!.columns.at(-1)).toEqual(["usage_counted", "UInt8"]);
    expect(batch.usage.reduce((sum, u) => sum + Number(u.input_tokens), 0)).toBe(3 + 4 + (3 + 4 + 5));
  });
});
