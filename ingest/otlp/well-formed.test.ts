import { describe, expect, it } from "vitest";
import { decodeJson } from "./decode-json";
import { decodeLogsProtobuf } from "./decode-logs-protobuf";
import { decodeMetricsProtobuf } from "./decode-metrics-protobuf";
import { decodeProtobuf } from "./decode-protobuf";
import { ExportLogsServiceRequest } from "./logs-schema";
import { ExportMetricsServiceRequest } from "./metrics-schema";
import { ExportTraceServiceRequest } from "./schema";

// One broken string costs that string (replaced with U+FFFD), never the request.
const isWellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Overwrites the first occurrence of `marker` in the encoded message with invalid UTF-8 (a lone 0xFF, a CESU-8 surrogate). */
function corrupt(bytes: Uint8Array, marker: string): Buffer {
  const out = Buffer.from(bytes);
  const at = out.indexOf(marker);
  expect(at).toBeGreaterThanOrEqual(0);
  out.set([0xff, 0xed, 0xa0, 0x80], at);
  return out;
}

const span = (name: string, value: string, n: number) => ({
  traceId: Buffer.alloc(16, n),
  spanId: Buffer.alloc(8, n),
  name,
  startTimeUnixNano: 1,
  endTimeUnixNano: 2,
  attributes: [{ key: "note", value: { stringValue: value } }],
});

describe("invalid UTF-8 and lone surrogates", () => {
  it("protobuf: the broken span keeps its place with U+FFFD, the others are untouched", () => {
    const message = ExportTraceServiceRequest.fromObject({
      resourceSpans: [{ scopeSpans: [{ spans: [span("good", "fine", 1), span("NAME-bad", "VALU-bad", 2)] }] }],
    });
    const bytes = corrupt(corrupt(ExportTraceServiceRequest.encode(message).finish(), "NAME"), "VALU");
    for (const body of [bytes, new Uint8Array(bytes)]) {
      const [good, bad] = decodeProtobuf(body);
      expect(good).toMatchObject({ name: "good", attributes: { note: "fine" } });
      expect(bad?.name).toBe("\uFFFD\uFFFD\uFFFD\uFFFD-bad");
      expect(bad?.attributes.note).toBe("\uFFFD\uFFFD\uFFFD\uFFFD-bad");
    }
  });

  it("JSON: escaped lone surrogates come out as U+FFFD, pairs stay", () => {
    const text =
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"a\\ud800b","attributes":[{"key":"k\\udc00","value":{"stringValue":"\\udc00x\\ud83d\\ude00"}}]}]}]}]}';
    const [decoded] = decodeJson(text);
    expect(decoded?.name).toBe("a\uFFFDb");
    expect(decoded?.attributes).toEqual({ "k\uFFFD": "\uFFFDx😀" });
    expect(isWellFormed(String(decoded?.attributes["k\uFFFD"]))).toBe(true);
  });

  it("logs and metrics protobuf decode a record or point with a broken string", () => {
    const logs = ExportLogsServiceRequest.encode(
      ExportLogsServiceRequest.fromObject({
        resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: 1, body: { stringValue: "BODY" } }] }] }],
      }),
    ).finish();
    expect(decodeLogsProtobuf(corrupt(logs, "BODY"))[0]?.body).toBe("\uFFFD\uFFFD\uFFFD\uFFFD");
    const metrics = ExportMetricsServiceRequest.encode(
      ExportMetricsServiceRequest.fromObject({
        resourceMetrics: [
          {
            scopeMetrics: [
              { metrics: [{ name: "NAME.up", gauge: { dataPoints: [{ timeUnixNano: 1, asDouble: 1 }] } }] },
            ],
          },
        ],
      }),
    ).finish();
    expect(decodeMetricsProtobuf(corrupt(metrics, "NAME"))[0]?.name).toBe("\uFFFD\uFFFD\uFFFD\uFFFD.up");
  });
});
