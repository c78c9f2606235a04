import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { POST } from "@/app/v1/metrics/route";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, str } from "@/lib/clickhouse/sql";
import { makeProject } from "@/lib/testing/factories";
import { serveHandler } from "@/lib/testing/serve-handler";
import { gaugeMetric, histogramMetric, otlpMetricsJson, sumMetric } from "../otlp/build-metrics-json";
import { ExportMetricsServiceRequest, ExportMetricsServiceResponse } from "../otlp/metrics-schema";
import { RpcStatus } from "../otlp/schema";
import { waitApplied } from "@/lib/testing/wait-applied";

let server: Awaited<ReturnType<typeof serveHandler>>;
let ctx: ProjectContext;
let key: string;
const now = Date.now();

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  key = (await createApiKey({ ctx, input: { name: "metrics" } })).secretKey;
  server = await serveHandler(POST);
});
afterAll(async () => server?.close());

const post = async (body: unknown, headers: Record<string, string> = {}, apiKey = key) => {
  const response = await POST(
    new Request(`${server.url}/v1/metrics`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, ...headers },
      body: typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    }),
  );
  await waitApplied(); // a 200 means in the ingest log; reads need it applied
  return response;
};

type Stored = {
  metric_name: string;
  type: string;
  temporality: string;
  monotonic: number;
  value: number;
  count: number;
  sum: number;
  bounds: number[];
  bucket_counts: number[];
  host: string;
  gpu_uuid: string;
  service: string;
  model: string;
  retention_days: number;
};
const stored = (service: string) =>
  queryRows<Stored>({
    projectId: ctx.projectId,
    tag: "test.metric_points",
    query: sql`SELECT metric_name, type, temporality, monotonic, value, count, sum, bounds, bucket_counts, host, gpu_uuid, service, model, retention_days
             FROM ${tables.metric_points} FINAL WHERE ${tables.metric_points.scope} AND service = ${str(service)} ORDER BY metric_name, time`,
  });

describe("POST /v1/metrics with the real OpenTelemetry metrics SDK and protobuf exporter", () => {
  it("stores a gauge, a counter and a histogram as the SDK sends them", async () => {
    const exporter = new OTLPMetricExporter({
      url: `${server.url}/v1/metrics`,
      headers: { Authorization: `Bearer ${key}` },
    });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ "service.name": "sdk-export", "host.name": "gpu-node-7" }),
      readers: [reader],
    });
    const meter = provider.getMeter("serving");
    meter.createGauge("hw.gpu.utilization", { unit: "1" }).record(0.75, { "hw.id": "GPU-1234-abcd" });
    const tokens = meter.createCounter("requests.served");
    tokens.add(3);
    tokens.add(4);
    const ttft = meter.createHistogram("gen_ai.server.time_to_first_token", {
      unit: "s",
      advice: { explicitBucketBoundaries: [0.1, 0.5, 1] },
    });
    for (const seconds of [0.05, 0.2, 0.3, 2]) ttft.record(seconds, { "gen_ai.request.model": "llama-3-8b" });
    await reader.forceFlush(); // rejects when the export fails
    await provider.shutdown(); // exports once more: the same cumulative values at a later time
    await waitApplied(); // a 200 means in the ingest log; reads need it applied

    const rows = [...new Map((await stored("sdk-export")).map((r) => [r.metric_name, r])).values()]; // the last point of each
    expect(rows.map((r) => r.metric_name)).toEqual([
      "gen_ai.server.time_to_first_token",
      "hw.gpu.utilization",
      "requests.served",
    ]);
    expect(rows[0]).toMatchObject({
      type: "histogram",
      temporality: "cumulative",
      count: 4,
      bounds: [0.1, 0.5, 1],
      bucket_counts: [1, 2, 0, 1],
      model: "llama-3-8b",
      retention_days: 30,
    });
    expect(rows[0]!.sum).toBeCloseTo(2.55, 10);
    expect(rows[1]).toMatchObject({ type: "gauge", value: 0.75, host: "gpu-node-7", gpu_uuid: "GPU-1234-abcd" });
    expect(rows[2]).toMatchObject({ type: "sum", temporality: "cumulative", monotonic: 1, value: 7 });
  });
});

describe("answers as OTLP/HTTP specifies", () => {
  const body = (service: string, value = 1) =>
    otlpMetricsJson([gaugeMetric("queue.depth", "1", [{ timeMs: now - 60_000, value }])], { "service.name": service });

  it("answers 401 for a missing or wrong key, 415 for other media types, 400 for malformed bodies", async () => {
    expect((await post(body("x"), {}, "sk-obs-wrong")).status).toBe(401);
    expect((await post("x", { "content-type": "text/plain" })).status).toBe(415);
    expect((await post("{not json")).status).toBe(400);
    expect((await post({ resourceMetrics: "nope" })).status).toBe(400);
    const badProto = await post(Uint8Array.from([0x0a, 0xff, 0xff]), { "content-type": "application/x-protobuf" });
    expect(badProto.status).toBe(400);
    expect(RpcStatus.decode(new Uint8Array(await badProto.arrayBuffer()))).toMatchObject({ code: 3 });
  });

  it("accepts gzip, and refuses bad points one by one with partial_success", async () => {
    const request = otlpMetricsJson(
      [
        gaugeMetric("good.gauge", "1", [{ timeMs: now - 30_000, value: 2 }]),
        histogramMetric("bad.histogram", "s", [{ timeMs: now - 30_000, bounds: [1, 2], counts: [1, 1] }]),
        { name: "no.time", gauge: { dataPoints: [{ asDouble: 1 }] } },
        {
          name: "not.finite",
          gauge: { dataPoints: [{ timeUnixNano: String(BigInt(now) * 1_000_000n), asDouble: "Infinity" }] },
        },
      ],
      { "service.name": "partial" },
    );
    const response = await post(gzipSync(JSON.stringify(request)), { "content-encoding": "gzip" });
    expect(response.status).toBe(200);
    const json = (await response.json()) as { partialSuccess: { rejectedDataPoints: string; errorMessage: string } };
    expect(json.partialSuccess.rejectedDataPoints).toBe("3");
    expect(json.partialSuccess.errorMessage).toMatch(
      /bad.histogram: bucketCounts must have one more entry.*no.time: timeUnixNano is missing.*not.finite: value is not finite/,
    );
    expect((await stored("partial")).map((r) => r.metric_name)).toEqual(["good.gauge"]);
  });

  it("answers partial success in protobuf as ExportMetricsServiceResponse", async () => {
    const request = ExportMetricsServiceRequest.encode(
      ExportMetricsServiceRequest.fromObject({
        resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: "m", gauge: { dataPoints: [{ asDouble: 1 }] } }] }] }],
      }),
    ).finish();
    const response = await post(request, { "content-type": "application/x-protobuf" });
    expect(response.status).toBe(200);
    const decoded = ExportMetricsServiceResponse.toObject(
      ExportMetricsServiceResponse.decode(new Uint8Array(await response.arrayBuffer())),
      { longs: Number },
    );
    expect(decoded).toMatchObject({
      partialSuccess: { rejectedDataPoints: 1, errorMessage: expect.stringMatching(/timeUnixNano is missing/) },
    });
  });

  it("never counts a resent point twice", async () => {
    const resent = otlpMetricsJson(
      [sumMetric("jobs.done", "1", [{ startMs: now - 600_000, timeMs: now - 60_000, value: 5 }])],
      { "service.name": "resent" },
    );
    for (let i = 0; i < 3; i++) expect((await post(resent)).status).toBe(200);
    expect(await stored("resent")).toHaveLength(1);
  });
});

describe("metric_points storage", () => {
  it("has its TTL in the table's DDL", async () => {
    const result = await (
      await clickhouse()
    ).client.query({ query: "SHOW CREATE TABLE metric_points", format: "JSONEachRow" });
    const [row] = (await result.json<{ statement: string }>()).map((r) => ({ ddl: r.statement }));
    expect(row?.ddl).toMatch(/TTL toDateTime\(time\) \+ toIntervalDay\(retention_days\)/);
    expect(row?.ddl).toMatch(/ReplacingMergeTree/);
  });
});
