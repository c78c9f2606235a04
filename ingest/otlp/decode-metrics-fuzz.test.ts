import { describe, expect, it } from "vitest";
import { metricRows } from "../metrics/metric-rows";
import { decodeMetricsJson } from "./decode-metrics-json";
import { decodeMetricsProtobuf } from "./decode-metrics-protobuf";
import type { DecodedMetricPoint } from "./metric-types";
import { ExportMetricsServiceRequest } from "./metrics-schema";
import { DecodeError } from "./types";

// A small seeded generator, so that a failure reproduces.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const t = "1760000000000000000";
const valid = ExportMetricsServiceRequest.encode(
  ExportMetricsServiceRequest.fromObject({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "host.name", value: { stringValue: "n1" } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: "g",
                gauge: {
                  dataPoints: [
                    { timeUnixNano: t, asDouble: 1.5, attributes: [{ key: "gpu", value: { intValue: 0 } }] },
                  ],
                },
              },
              {
                name: "s",
                sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ timeUnixNano: t, asInt: 3 }] },
              },
              {
                name: "h",
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: [{ timeUnixNano: t, count: 3, sum: 2, bucketCounts: [1, 2], explicitBounds: [1] }],
                },
              },
              {
                name: "e",
                exponentialHistogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    { timeUnixNano: t, count: 2, scale: 2, zeroCount: 1, positive: { offset: 3, bucketCounts: [1] } },
                  ],
                },
              },
              {
                name: "q",
                summary: {
                  dataPoints: [{ timeUnixNano: t, count: 1, sum: 1, quantileValues: [{ quantile: 0.5, value: 1 }] }],
                },
              },
            ],
          },
        ],
      },
    ],
  }),
).finish();

/** Decoding must end in points or a DecodeError, and turning what decoded into rows must not throw. */
function survive(decode: () => DecodedMetricPoint[]) {
  let points: DecodedMetricPoint[];
  try {
    points = decode();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return;
  }
  const { rows, rejected } = metricRows("p", points, 30);
  expect(rows.length + rejected).toBeLessThanOrEqual(points.length);
}

describe("metrics decoders survive any input", () => {
  it("decodes the valid fixture into five sound points", () => {
    const points = decodeMetricsProtobuf(valid);
    expect(points.map((p) => p.type)).toEqual(["gauge", "sum", "histogram", "exponential_histogram", "summary"]);
    expect(metricRows("p", points, 30)).toMatchObject({ rejected: 0 });
  });

  it("random byte strings", () => {
    const next = rng(11);
    for (let i = 0; i < 3000; i++) {
      const bytes = new Uint8Array(Math.floor(next() * 512));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(next() * 256);
      survive(() => decodeMetricsProtobuf(bytes));
    }
  });

  it("mutations and truncations of a valid message", () => {
    const next = rng(12);
    for (let i = 0; i < 5000; i++) {
      const bytes = Uint8Array.from(valid);
      const flips = 1 + Math.floor(next() * 4);
      for (let f = 0; f < flips; f++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      survive(() => decodeMetricsProtobuf(bytes.subarray(0, Math.floor(next() * (bytes.length + 1)))));
    }
  });

  it("hostile JSON", () => {
    const inputs = [
      "",
      "null",
      "[]",
      "1",
      '"x"',
      '{"resourceMetrics":[1]}',
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[null]}]}]}',
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h","histogram":{"dataPoints":[{"timeUnixNano":"1","count":{},"bucketCounts":"x","explicitBounds":[null,"a"]}]}}]}]}]}',
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"e","exponentialHistogram":{"dataPoints":[{"timeUnixNano":1,"count":"1e400","scale":"z","positive":{"offset":1.5,"bucketCounts":[-1]}}]}}]}]}]}',
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"g","gauge":{"dataPoints":[{"timeUnixNano":"99999999999999999999","asDouble":"Infinity"}]}}]}]}]}',
    ];
    for (const input of inputs) survive(() => decodeMetricsJson(input));
    const next = rng(13);
    const text = JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: "h",
                  histogram: {
                    aggregationTemporality: 2,
                    dataPoints: [{ timeUnixNano: t, count: "3", bucketCounts: ["1", "2"], explicitBounds: [1] }],
                  },
                },
                { name: "g", gauge: { dataPoints: [{ timeUnixNano: t, asInt: "7" }] } },
              ],
            },
          ],
        },
      ],
    });
    for (let i = 0; i < 3000; i++) {
      const chars = text.split("");
      chars[Math.floor(next() * chars.length)] = String.fromCharCode(Math.floor(next() * 128));
      survive(() => decodeMetricsJson(chars.join("")));
    }
  });
});
