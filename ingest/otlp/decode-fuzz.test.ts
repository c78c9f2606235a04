import { describe, expect, it } from "vitest";
import { normalizeSpan } from "../normalize/normalize-span";
import { DEFAULT_PAYLOAD_CAP_BYTES } from "@/lib/domain/ingest-settings";
import { decodeJson } from "./decode-json";
import { decodeProtobuf } from "./decode-protobuf";
import { ExportTraceServiceRequest } from "./schema";
import { DecodeError, type DecodedSpan } from "./types";

// A small seeded generator, so that a failure reproduces.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: DEFAULT_PAYLOAD_CAP_BYTES };
const valid = ExportTraceServiceRequest.encode(
  ExportTraceServiceRequest.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: Buffer.alloc(16, 7),
                spanId: Buffer.alloc(8, 3),
                name: "chat",
                kind: 3,
                startTimeUnixNano: 1_700_000_000_000_000_000,
                endTimeUnixNano: 1_700_000_001_000_000_000,
                attributes: [
                  { key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } },
                  { key: "gen_ai.usage.input_tokens", value: { intValue: 12 } },
                  {
                    key: "list",
                    value: {
                      arrayValue: {
                        values: [
                          { doubleValue: 1.5 },
                          { kvlistValue: { values: [{ key: "k", value: { boolValue: true } }] } },
                        ],
                      },
                    },
                  },
                ],
                events: [
                  {
                    name: "exception",
                    timeUnixNano: 1_700_000_000_500_000_000,
                    attributes: [{ key: "exception.message", value: { stringValue: "boom" } }],
                  },
                ],
                status: { code: 2, message: "bad" },
              },
            ],
          },
        ],
      },
    ],
  }),
).finish();

/** Decoding must end in spans or a DecodeError, and normalizing what decoded must not throw. */
function survive(decode: () => DecodedSpan[]) {
  let spans: DecodedSpan[];
  try {
    spans = decode();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return;
  }
  for (const span of spans) normalizeSpan("p", span, settings);
}

describe("decoders survive any input", () => {
  it("decodes the valid fixture", () => {
    const [span] = decodeProtobuf(valid);
    expect(span).toMatchObject({ name: "chat", statusCode: 2, traceId: "07".repeat(16) });
    expect(span?.attributes.list).toEqual([1.5, { k: true }]);
  });

  it("keeps every 64-bit integer attribute exact: a number within 2^53, else its decimal text", () => {
    const ints = [
      "0",
      "-5",
      "4294967296",
      "-4294967297",
      "9007199254740991",
      "-9007199254740991",
      "9007199254740993",
      "-9223372036854775808",
    ];
    const body = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: Buffer.alloc(16, 1),
                    spanId: Buffer.alloc(8, 2),
                    name: "n",
                    startTimeUnixNano: 1,
                    endTimeUnixNano: 2,
                    attributes: ints.map((v, i) => ({ key: `i${i}`, value: { intValue: v } })),
                  },
                ],
              },
            ],
          },
        ],
      }),
    ).finish();
    const [span] = decodeProtobuf(body);
    expect(ints.map((_, i) => span?.attributes[`i${i}`])).toEqual([
      0,
      -5,
      4294967296,
      -4294967297,
      9007199254740991,
      -9007199254740991,
      "9007199254740993",
      "-9223372036854775808",
    ]);
  });

  it("random byte strings", () => {
    const next = rng(1);
    for (let i = 0; i < 3000; i++) {
      const bytes = new Uint8Array(Math.floor(next() * 512));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(next() * 256);
      survive(() => decodeProtobuf(bytes));
    }
  });

  it("mutations and truncations of a valid message", () => {
    const next = rng(2);
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from(valid);
      const flips = 1 + Math.floor(next() * 4);
      for (let f = 0; f < flips; f++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      survive(() => decodeProtobuf(bytes.subarray(0, Math.floor(next() * (bytes.length + 1)))));
    }
  });

  it("hostile JSON", () => {
    const inputs = [
      "",
      "null",
      "[]",
      "1",
      '"x"',
      '{"resourceSpans":[1]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[null]}]}]}',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":5,"startTimeUnixNano":"99999999999999999999999","attributes":[{"key":"a","value":{"kvlistValue":{"values":"x"}}}]}]}]}]}',
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[${'{"key":"d","value":{"arrayValue":{"values":['.repeat(50)}]}]}]}]}]}`,
    ];
    for (const input of inputs) survive(() => decodeJson(input));
    const next = rng(3);
    const text = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "ab".repeat(16),
                  spanId: "cd".repeat(8),
                  name: "n",
                  startTimeUnixNano: "1",
                  endTimeUnixNano: "2",
                },
              ],
            },
          ],
        },
      ],
    });
    for (let i = 0; i < 2000; i++) {
      const chars = text.split("");
      chars[Math.floor(next() * chars.length)] = String.fromCharCode(Math.floor(next() * 128));
      survive(() => decodeJson(chars.join("")));
    }
  });
});
