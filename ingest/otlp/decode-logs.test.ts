import { describe, expect, it } from "vitest";
import { DEFAULT_PAYLOAD_CAP_BYTES } from "@/lib/domain/ingest-settings";
import { normalizeLogs } from "../logs/normalize-log";
import { decodeLogsJson } from "./decode-logs-json";
import { decodeLogsProtobuf } from "./decode-logs-protobuf";
import type { DecodedLogRecord } from "./log-types";
import { ExportLogsServiceRequest } from "./logs-schema";
import { DecodeError } from "./types";

// A small seeded generator, so that a failure reproduces.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: DEFAULT_PAYLOAD_CAP_BYTES };
// Records are received "now" for the ingest window: near the fixture's times.
const received = 1_700_000_000_500_000_000n;
const choice = {
  kvlistValue: {
    values: [
      { key: "index", value: { intValue: 0 } },
      { key: "finish_reason", value: { stringValue: "stop" } },
      { key: "message", value: { kvlistValue: { values: [{ key: "content", value: { stringValue: "Hi!" } }] } } },
    ],
  },
};
const valid = ExportLogsServiceRequest.encode(
  ExportLogsServiceRequest.fromObject({
    resourceLogs: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
        scopeLogs: [
          {
            scope: { name: "@opentelemetry/instrumentation-openai", version: "1" },
            logRecords: [
              {
                timeUnixNano: "1700000000000000123",
                observedTimeUnixNano: "1700000000000000456",
                severityNumber: 9,
                severityText: "INFO",
                traceId: Buffer.alloc(16, 7),
                spanId: Buffer.alloc(8, 3),
                eventName: "gen_ai.choice",
                body: choice,
                attributes: [
                  { key: "gen_ai.system", value: { stringValue: "openai" } },
                  { key: "big", value: { intValue: "9007199254740993" } },
                ],
              },
              { timeUnixNano: 1_700_000_001_000_000_000, severityNumber: 17, body: { stringValue: "payment failed" } },
            ],
          },
        ],
      },
    ],
  }),
).finish();

/** Decoding must end in records or a DecodeError, and normalizing what decoded must not throw. */
function survive(decode: () => DecodedLogRecord[]) {
  let records: DecodedLogRecord[];
  try {
    records = decode();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return;
  }
  normalizeLogs("p", records, settings);
}

describe("OTLP logs decoding", () => {
  it("decodes protobuf, including event_name (field 12), nanosecond times and a kvlist body", () => {
    const [first, second] = decodeLogsProtobuf(valid);
    expect(first).toMatchObject({
      traceId: "07".repeat(16),
      spanId: "03".repeat(8),
      timeNanos: 1700000000000000123n,
      observedNanos: 1700000000000000456n,
      severityNumber: 9,
      severityText: "INFO",
      eventName: "gen_ai.choice",
      scopeName: "@opentelemetry/instrumentation-openai",
      body: { index: 0, finish_reason: "stop", message: { content: "Hi!" } },
      attributes: { "gen_ai.system": "openai", big: "9007199254740993" },
      resource: { "service.name": "svc" },
    });
    expect(second).toMatchObject({
      traceId: "",
      spanId: "",
      severityNumber: 17,
      body: "payment failed",
      observedNanos: 0n,
    });
  });

  it("decodes OTLP/JSON the same way: hex ids, int64 as string or number, snake_case tolerated", () => {
    const json = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
          scope_logs: [
            {
              scope: { name: "s" },
              log_records: [
                {
                  time_unix_nano: "1700000000000000123",
                  observedTimeUnixNano: 1700000000000,
                  severityNumber: 9,
                  traceId: "AB".repeat(16),
                  spanId: "cd".repeat(8),
                  eventName: "gen_ai.choice",
                  body: choice,
                },
                {
                  timeUnixNano: "1700000000000000005",
                  body: { stringValue: "plain" },
                  attributes: [{ key: "event.name", value: { stringValue: "gen_ai.user.message" } }],
                },
              ],
            },
          ],
        },
      ],
    };
    const [first, second] = decodeLogsJson(JSON.stringify(json));
    expect(first).toMatchObject({
      traceId: "ab".repeat(16),
      spanId: "cd".repeat(8),
      timeNanos: 1700000000000000123n,
      observedNanos: 1700000000000n,
      eventName: "gen_ai.choice",
    });
    expect(first?.body).toEqual({ index: 0, finish_reason: "stop", message: { content: "Hi!" } });
    expect(second).toMatchObject({ timeNanos: 1700000000000000005n, body: "plain", eventName: "" });
    // The older `event.name` attribute names the event when the field is empty.
    const { rows } = normalizeLogs("p", decodeLogsJson(JSON.stringify(json)), settings, received);
    expect(rows.map((r) => r.event_name)).toEqual(["gen_ai.choice", "gen_ai.user.message"]);
  });

  it("refuses bad ids and oversize records one by one, and keeps records without ids", () => {
    const base = {
      timeNanos: received,
      observedNanos: 0n,
      severityNumber: 0,
      severityText: "",
      eventName: "",
      body: "x",
      attributes: {},
      resource: {},
      scopeName: "",
      scopeVersion: "",
    };
    const { rows, rejected, message } = normalizeLogs(
      "p",
      [
        { ...base, traceId: "", spanId: "" },
        { ...base, traceId: "00".repeat(16), spanId: "00".repeat(8) },
        { ...base, traceId: "not-hex", spanId: "" },
        { ...base, traceId: "", spanId: "ab".repeat(8) },
        { ...base, traceId: "ab".repeat(16), spanId: "", body: "y".repeat(5 * 1024 * 1024) },
      ],
      settings,
      received,
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.trace_id === "" && r.span_id === "")).toBe(true);
    expect(rejected).toBe(3);
    expect(message).toMatch(
      /log record 2: invalid trace id; log record 3: span id without a trace id; log record 4: larger than/,
    );
  });

  it("caps bodies at the payload cap and marks them truncated", () => {
    const base = {
      traceId: "",
      spanId: "",
      timeNanos: received,
      observedNanos: 0n,
      severityNumber: 13,
      severityText: "",
      eventName: "",
      attributes: {},
      resource: {},
      scopeName: "",
      scopeVersion: "",
    };
    const [row] = normalizeLogs(
      "p",
      [{ ...base, body: "z".repeat(3000) }],
      { ...settings, payloadCapBytes: 1024 },
      received,
    ).rows;
    expect(row).toMatchObject({ body_truncated: 1, severity_text: "WARN" });
    expect(row?.body).toHaveLength(1024);
  });

  it("survives random byte strings, mutations and truncations", () => {
    const next = rng(11);
    for (let i = 0; i < 3000; i++) {
      const bytes = new Uint8Array(Math.floor(next() * 512));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(next() * 256);
      survive(() => decodeLogsProtobuf(bytes));
    }
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from(valid);
      const flips = 1 + Math.floor(next() * 4);
      for (let f = 0; f < flips; f++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      survive(() => decodeLogsProtobuf(bytes.subarray(0, Math.floor(next() * (bytes.length + 1)))));
    }
  });

  it("survives hostile JSON", () => {
    const inputs = [
      "",
      "null",
      "[]",
      "1",
      '"x"',
      '{"resourceLogs":[1]}',
      '{"resourceLogs":[{"scopeLogs":[{"logRecords":[null]}]}]}',
      '{"resourceLogs":"x"}',
      '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":5,"timeUnixNano":"99999999999999999999999","severityNumber":"x","body":{"kvlistValue":{"values":"x"}}}]}]}]}',
      `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${'{"arrayValue":{"values":['.repeat(50)}]}}]}]}]}`,
    ];
    for (const input of inputs) survive(() => decodeLogsJson(input));
    const next = rng(12);
    const text = JSON.stringify({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  traceId: "ab".repeat(16),
                  spanId: "cd".repeat(8),
                  timeUnixNano: "1",
                  severityNumber: 9,
                  body: { stringValue: "hello" },
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
      survive(() => decodeLogsJson(chars.join("")));
    }
  });
});
