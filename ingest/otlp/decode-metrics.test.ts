import { describe, expect, it } from "vitest";
import { metricRows } from "../metrics/metric-rows";
import { decodeMetricsJson } from "./decode-metrics-json";
import { decodeMetricsProtobuf } from "./decode-metrics-protobuf";
import type { DecodedMetricPoint } from "./metric-types";
import { ExportMetricsServiceRequest } from "./metrics-schema";
import { DecodeError } from "./types";

// One request with every point type, written once as an OTLP object; protobufjs' fromObject
// takes the same camelCase shape as OTLP/JSON, so both encodings decode the same message.
const T0 = 1_760_000_000_000_000_000n;
const attrs = (o: Record<string, string>) => Object.entries(o).map(([key, v]) => ({ key, value: { stringValue: v } }));
const request = {
  resourceMetrics: [
    {
      resource: { attributes: attrs({ "service.name": "vllm", "host.name": "node-1" }) },
      scopeMetrics: [
        {
          scope: { name: "vllm", version: "0.9" },
          metrics: [
            {
              name: "DCGM_FI_DEV_GPU_UTIL",
              unit: "%",
              gauge: {
                dataPoints: [
                  {
                    attributes: attrs({ gpu: "0", UUID: "GPU-aaa", modelName: "NVIDIA H100" }),
                    timeUnixNano: String(T0),
                    asDouble: 87.5,
                  },
                ],
              },
            },
            {
              name: "requests",
              unit: "1",
              sum: {
                aggregationTemporality: 2,
                isMonotonic: true,
                dataPoints: [{ startTimeUnixNano: String(T0 - 10n), timeUnixNano: String(T0), asInt: "-42" }],
              },
            },
            {
              name: "gen_ai.server.time_to_first_token",
              unit: "s",
              histogram: {
                aggregationTemporality: 1,
                dataPoints: [
                  {
                    attributes: attrs({ "gen_ai.request.model": "llama-3" }),
                    startTimeUnixNano: String(T0 - 1000n),
                    timeUnixNano: String(T0),
                    count: "6",
                    sum: 1.5,
                    min: 0.01,
                    max: 0.9,
                    bucketCounts: ["1", "2", "3"],
                    explicitBounds: [0.1, 0.5],
                  },
                ],
              },
            },
            {
              name: "latency",
              unit: "ms",
              exponentialHistogram: {
                aggregationTemporality: 2,
                dataPoints: [
                  {
                    timeUnixNano: String(T0),
                    count: "7",
                    sum: 30,
                    scale: -1,
                    zeroCount: "1",
                    zeroThreshold: 0.001,
                    positive: { offset: -2, bucketCounts: ["2", "3"] },
                    negative: { offset: 1, bucketCounts: ["1"] },
                  },
                ],
              },
            },
            {
              name: "rpc.duration",
              unit: "s",
              summary: {
                dataPoints: [
                  {
                    timeUnixNano: String(T0),
                    count: "4",
                    sum: 2,
                    quantileValues: [
                      { quantile: 0.5, value: 0.4 },
                      { quantile: 1, value: 1.1 },
                    ],
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  ],
};
const protobuf = ExportMetricsServiceRequest.encode(ExportMetricsServiceRequest.fromObject(request)).finish();

const common = {
  resource: { "service.name": "vllm", "host.name": "node-1" },
  scopeName: "vllm",
  scopeVersion: "0.9",
  flags: 0,
};
const expected: Array<Partial<DecodedMetricPoint>> = [
  {
    ...common,
    name: "DCGM_FI_DEV_GPU_UTIL",
    unit: "%",
    type: "gauge",
    temporality: 0,
    value: 87.5,
    timeNanos: T0,
    attributes: { gpu: "0", UUID: "GPU-aaa", modelName: "NVIDIA H100" },
  },
  {
    ...common,
    name: "requests",
    type: "sum",
    temporality: 2,
    monotonic: true,
    value: -42,
    startNanos: T0 - 10n,
    timeNanos: T0,
  },
  {
    ...common,
    name: "gen_ai.server.time_to_first_token",
    type: "histogram",
    temporality: 1,
    count: 6,
    sum: 1.5,
    min: 0.01,
    max: 0.9,
    bucketCounts: [1, 2, 3],
    bounds: [0.1, 0.5],
    startNanos: T0 - 1000n,
  },
  {
    ...common,
    name: "latency",
    type: "exponential_histogram",
    temporality: 2,
    count: 7,
    sum: 30,
    min: null,
    scale: -1,
    zeroCount: 1,
    zeroThreshold: 0.001,
    positive: { offset: -2, counts: [2, 3] },
    negative: { offset: 1, counts: [1] },
  },
  {
    ...common,
    name: "rpc.duration",
    type: "summary",
    count: 4,
    sum: 2,
    quantiles: [
      { quantile: 0.5, value: 0.4 },
      { quantile: 1, value: 1.1 },
    ],
  },
];

describe("metrics decoders", () => {
  for (const [encoding, decode] of [
    ["protobuf", () => decodeMetricsProtobuf(protobuf)],
    ["json", () => decodeMetricsJson(JSON.stringify(request))],
  ] as const) {
    it(`decodes every point type from ${encoding}`, () => {
      const points = decode();
      expect(points).toHaveLength(expected.length);
      points.forEach((point, i) => expect(point).toMatchObject(expected[i]!));
      expect(metricRows("p", points, 30)).toMatchObject({ rejected: 0 });
    });
  }

  it("reads snake_case keys, enum names and non-number doubles in OTLP/JSON", () => {
    const [point] = decodeMetricsJson(
      JSON.stringify({
        resource_metrics: [
          {
            scope_metrics: [
              {
                metrics: [
                  {
                    name: "h",
                    histogram: {
                      aggregation_temporality: "AGGREGATION_TEMPORALITY_CUMULATIVE",
                      data_points: [
                        { time_unix_nano: "5", count: 1, sum: "NaN", bucket_counts: [1], explicit_bounds: [] },
                      ],
                    },
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(point).toMatchObject({ type: "histogram", temporality: 2, timeNanos: 5n, count: 1, bucketCounts: [1] });
    expect(point?.sum).toBeNaN();
  });

  it("refuses malformed bodies with a DecodeError", () => {
    expect(() => decodeMetricsJson("{")).toThrow(DecodeError);
    expect(() => decodeMetricsJson('{"resourceMetrics":{}}')).toThrow(DecodeError);
    expect(() => decodeMetricsProtobuf(Uint8Array.from([0x0a, 0xff]))).toThrow(DecodeError);
  });
});

describe("points refused one by one", () => {
  const base = decodeMetricsJson(JSON.stringify(request));
  const variant = (index: number, change: Partial<DecodedMetricPoint>) => ({ ...base[index]!, ...change });
  const cases: Array<[string, DecodedMetricPoint, RegExp]> = [
    ["missing time", variant(0, { timeNanos: 0n }), /timeUnixNano is missing/],
    ["non-finite gauge", variant(0, { value: Infinity }), /value is not finite/],
    ["no value", variant(1, { value: null }), /neither asDouble nor asInt/],
    ["start after time", variant(1, { startNanos: T0 + 1n }), /startTimeUnixNano is after/],
    ["buckets vs bounds", variant(2, { bucketCounts: [1, 5] }), /one more entry than explicitBounds/],
    ["buckets vs count", variant(2, { count: 7 }), /do not add up to count/],
    ["bounds not increasing", variant(2, { bounds: [0.5, 0.1] }), /must increase/],
    ["non-finite sum", variant(2, { sum: NaN }), /not finite/],
    ["exponential counts", variant(3, { zeroCount: 5 }), /do not add up to count/],
    ["exponential scale", variant(3, { scale: 21 }), /scale must be/],
    ["summary quantile", variant(4, { quantiles: [{ quantile: 2, value: 1 }] }), /quantiles within 0..1/],
    ["empty name", variant(0, { name: "" }), /metric name is empty/],
  ];
  for (const [what, point, reason] of cases) {
    it(`refuses ${what}`, () => {
      const result = metricRows("p", [...base, point], 30);
      expect(result.rows).toHaveLength(base.length);
      expect(result.rejected).toBe(1);
      expect(result.message).toMatch(reason);
    });
  }

  it("skips staleness markers (no recorded value) without refusing them", () => {
    expect(metricRows("p", [variant(0, { flags: 1, value: NaN })], 30)).toMatchObject({
      rows: [],
      rejected: 0,
      message: "",
    });
  });
});
