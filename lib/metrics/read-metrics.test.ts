import { beforeAll, describe, expect, it } from "vitest";
import { GET as getServing } from "@/app/api/v1/metrics/serving/route";
import { POST } from "@/app/v1/metrics/route";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { gaugeMetric, histogramMetric, otlpMetricsJson } from "@/ingest/otlp/build-metrics-json";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { readGpuMetrics } from "./read-gpu-metrics";
import { readServingMetrics } from "./read-serving-metrics";
import { waitApplied } from "@/lib/testing/wait-applied";

// Every point lies in one whole hour in the past, so buckets never depend on when the test runs.
const HOUR = 3_600_000;
const MIN = 60_000;
const H = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const hour = { from: new Date(H), to: new Date(H + HOUR), interval: "1h" as const };

let ctx: ProjectContext;
let other: ProjectContext;
let key: string;

async function send(apiKey: string, metrics: object[], resource: Record<string, string>) {
  const response = await POST(
    new Request("http://test/v1/metrics", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(otlpMetricsJson(metrics, resource)),
    }),
  );
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({});
  await waitApplied(); // a 200 means in the ingest log; reads need it applied
}

const BOUNDS = [0.1, 0.2, 0.4];
beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  other = await makeProject();
  // The key both sends metrics and reads them back (keys with scopes take both; others ignore it).
  const scopes: Array<"ingest" | "read"> = ["ingest", "read"];
  const input = { name: "metrics", scopes };
  key = (await createApiKey({ ctx, input })).secretKey;
  const otherKey = (await createApiKey({ ctx: other, input: { name: "metrics" } })).secretKey;

  // A cumulative TTFT histogram that restarts (new start time, counts from zero) at H+25m.
  const model = { "gen_ai.request.model": "llama-3-70b" };
  const ttft = histogramMetric("vllm:time_to_first_token_seconds", "s", [
    { startMs: H + 5 * MIN, timeMs: H + 10 * MIN, bounds: BOUNDS, counts: [1, 0, 0, 0], attributes: model },
    { startMs: H + 5 * MIN, timeMs: H + 20 * MIN, bounds: BOUNDS, counts: [3, 1, 0, 0], attributes: model },
    { startMs: H + 25 * MIN, timeMs: H + 30 * MIN, bounds: BOUNDS, counts: [0, 1, 0, 0], attributes: model },
    { startMs: H + 25 * MIN, timeMs: H + 40 * MIN, bounds: BOUNDS, counts: [0, 3, 1, 0], attributes: model },
  ]);
  // Delta points of another model add up as they are.
  const small = { "gen_ai.request.model": "qwen-7b" };
  const ttftDelta = histogramMetric(
    "gen_ai.server.time_to_first_token",
    "s",
    [
      { startMs: H + 10 * MIN, timeMs: H + 20 * MIN, bounds: BOUNDS, counts: [1, 1, 0, 0], attributes: small },
      { startMs: H + 20 * MIN, timeMs: H + 30 * MIN, bounds: BOUNDS, counts: [0, 2, 0, 0], attributes: small },
    ],
    "delta",
  );
  const usage = (type: string, sums: [number, number]) =>
    histogramMetric("gen_ai.client.token.usage", "{token}", [
      {
        startMs: H + 5 * MIN,
        timeMs: H + 10 * MIN,
        bounds: [100, 1000],
        counts: [0, 1, 0],
        sum: sums[0],
        attributes: { ...model, "gen_ai.token.type": type },
      },
      {
        startMs: H + 5 * MIN,
        timeMs: H + 20 * MIN,
        bounds: [100, 1000],
        counts: [0, 2, 0],
        sum: sums[1],
        attributes: { ...model, "gen_ai.token.type": type },
      },
    ]);
  await send(key, [ttft, ttftDelta, usage("input", [300, 750]), usage("output", [40, 90])], { "service.name": "vllm" });

  // One H100 seen by an OTel host collector (hw.gpu.*) and by the DCGM exporter (labels).
  const at = (m: number) => H + m * MIN;
  await send(
    key,
    [
      gaugeMetric("hw.gpu.utilization", "1", [
        { timeMs: at(10), value: 0.5, attributes: { "hw.id": "GPU-5fb4", "hw.gpu.task": "general" } },
      ]),
      gaugeMetric("hw.gpu.memory.usage", "By", [
        { timeMs: at(10), value: 2 * 1024 ** 3, attributes: { "hw.id": "GPU-5fb4" } },
      ]),
      gaugeMetric("hw.gpu.memory.limit", "By", [
        { timeMs: at(10), value: 80 * 1024 ** 3, attributes: { "hw.id": "GPU-5fb4" } },
      ]),
    ],
    { "service.name": "otelcol", "host.name": "node-1" },
  );
  const dcgm = {
    gpu: "0",
    UUID: "GPU-5fb4",
    modelName: "NVIDIA H100 80GB HBM3",
    Hostname: "node-1",
    pod: "vllm-0",
    namespace: "serving",
  };
  await send(
    key,
    [
      gaugeMetric("DCGM_FI_DEV_GPU_UTIL", "", [{ timeMs: at(20), value: 70, attributes: dcgm }]),
      gaugeMetric("DCGM_FI_DEV_FB_USED", "", [{ timeMs: at(20), value: 4096, attributes: dcgm }]),
      gaugeMetric("DCGM_FI_DEV_FB_FREE", "", [{ timeMs: at(20), value: 77824, attributes: dcgm }]),
      // A second GPU of the node, known by index only in this series.
      gaugeMetric("DCGM_FI_DEV_GPU_UTIL", "", [
        { timeMs: at(20), value: 10, attributes: { gpu: "1", Hostname: "node-1" } },
      ]),
    ],
    { "service.name": "dcgm-exporter" },
  );
  await send(otherKey, [gaugeMetric("DCGM_FI_DEV_GPU_UTIL", "", [{ timeMs: at(20), value: 99, attributes: dcgm }])], {
    "service.name": "dcgm-exporter",
  });
});

describe("serving-engine latency", () => {
  it("sums cumulative histograms as per-series increments across a reset, and delta points as they are", async () => {
    const result = await readServingMetrics({ ctx, query: hour });
    const ttft = result.figures.ttft;
    // Increments: [1,0,0,0] (started inside the hour), +[2,1,0,0], reset [0,1,0,0], +[0,2,1,0] = [3,4,1,0];
    // the delta series adds [1,3,0,0]: together [4,7,1,0], 12 observations.
    expect(ttft.metrics).toEqual(["gen_ai.server.time_to_first_token", "vllm:time_to_first_token_seconds"]);
    expect(ttft.count).toBe(12);
    expect(ttft.p50Ms).toBeCloseTo(100 + (100 * (6 - 4)) / 7, 9); // rank 6 in (100, 200] ms
    expect(ttft.p95Ms).toBeCloseTo(200 + (200 * (11.4 - 11)) / 1, 9); // rank 11.4 in (200, 400] ms
    const byModel = Object.fromEntries(ttft.byModel.map((m) => [m.model, m]));
    expect(byModel["llama-3-70b"]).toMatchObject({ count: 8 });
    expect(byModel["llama-3-70b"]!.p50Ms).toBeCloseTo(125, 9); // rank 4: 100 + 100 × (4 − 3) / 4
    expect(byModel["llama-3-70b"]!.p95Ms).toBeCloseTo(320, 9); // rank 7.6: 200 + 200 × (7.6 − 7) / 1
    expect(byModel["qwen-7b"]).toMatchObject({ count: 4 });
    expect(result.figures.tpot).toMatchObject({ count: 0, p50Ms: null, metrics: [] });
    expect(result.series).toHaveLength(1);
    expect(result.series[0]!.ttftP95Ms).toBeCloseTo(ttft.p95Ms!, 9);
  });

  it("takes the first point of a series that started before the period as its baseline", async () => {
    const result = await readServingMetrics({ ctx, query: { ...hour, from: new Date(H + 15 * MIN) } });
    const llama = result.figures.ttft.byModel.find((m) => m.model === "llama-3-70b")!;
    // The H+20m point is the baseline; then reset [0,1,0,0] and +[0,2,1,0].
    expect(llama.count).toBe(4);
    expect(llama.p50Ms).toBeCloseTo(100 + (100 * 2) / 3, 9);
  });

  it("reads token usage from gen_ai.client.token.usage by token type", async () => {
    const { tokens } = await readServingMetrics({ ctx, query: hour });
    expect(tokens).toEqual({
      inputTokens: 750,
      outputTokens: 90,
      byModel: [{ model: "llama-3-70b", inputTokens: 750, outputTokens: 90 }],
    });
  });

  it("answers 400 naming the field for a bad query", async () => {
    const call = (qs: string) =>
      getServing(
        new Request(`http://test/api/v1/metrics/serving?${qs}`, { headers: { authorization: `Bearer ${key}` } }),
        { params: Promise.resolve({}) },
      );
    const bad = await call("interval=7m");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: "interval" } });
    const backwards = await call(`from=${new Date(H + HOUR).toISOString()}&to=${new Date(H).toISOString()}`);
    expect(await backwards.json()).toMatchObject({ error: { field: "from" } });
    expect(
      (await call(`from=${new Date(H).toISOString()}&to=${new Date(H + HOUR).toISOString()}&interval=1m`)).status,
    ).toBe(200);
  });
});

describe("exponential histograms", () => {
  it("subtracts successive points across a change of scale and reads percentiles from their buckets", async () => {
    const expo = await makeProject();
    const expoKey = (await createApiKey({ ctx: expo, input: { name: "metrics" } })).secretKey;
    const nanos = (ms: number) => String(BigInt(ms) * 1_000_000n);
    const point = (minute: number, scale: number, counts: number[]) => ({
      startTimeUnixNano: nanos(H + 5 * MIN),
      timeUnixNano: nanos(H + minute * MIN),
      count: String(counts.reduce((a, b) => a + b, 0)),
      sum: 1,
      scale,
      zeroCount: "0",
      positive: { offset: 0, bucketCounts: counts.map(String) },
    });
    await send(
      expoKey,
      [
        {
          name: "gen_ai.server.time_to_first_token",
          unit: "s",
          // Scale 1 (base √2): one in (1, √2], one in (√2, 2]. Then scale 0 (base 2): two in (1, 2], one in (2, 4].
          exponentialHistogram: { aggregationTemporality: 2, dataPoints: [point(10, 1, [1, 1]), point(20, 0, [2, 1])] },
        },
      ],
      { "service.name": "sdk" },
    );
    const { figures } = await readServingMetrics({ ctx: expo, query: hour });
    expect(figures.ttft.count).toBe(3);
    // Buckets (1, √2], (√2, 2], (2, 4] s hold one each: rank 1.5 is half-way through (√2, 2].
    expect(figures.ttft.p50Ms).toBeCloseTo(1000 * (Math.SQRT2 + (2 - Math.SQRT2) / 2), 6);
  });
});

describe("GPU panel", () => {
  it("gives DCGM and hw.gpu names the same GPU series, in percent and bytes", async () => {
    const { gpus } = await readGpuMetrics({ ctx, query: hour });
    expect(gpus.map((g) => g.id)).toEqual(["node-1/1", "node-1/GPU-5fb4"]);
    const h100 = gpus[1]!;
    expect(h100).toMatchObject({
      host: "node-1",
      gpuIndex: "0",
      gpuUuid: "GPU-5fb4",
      model: "NVIDIA H100 80GB HBM3",
      pod: "vllm-0",
      namespace: "serving",
    });
    expect(h100.points).toHaveLength(1);
    // One hour bucket: utilization (50 % + 70 %) / 2; used (2 GiB + 4 GiB) / 2; total 80 GiB from the limit.
    expect(h100.points[0]).toEqual({
      bucket: new Date(H).toISOString(),
      utilizationPct: 60,
      memoryUsedBytes: 3 * 1024 ** 3,
      memoryTotalBytes: 80 * 1024 ** 3,
    });
    expect(gpus[0]!.latest).toMatchObject({ utilizationPct: 10, memoryUsedBytes: null });
  });

  it("puts each sample in its own bucket at a finer interval, DCGM's total as used + free", async () => {
    const { gpus } = await readGpuMetrics({ ctx, query: { ...hour, interval: "5m" } });
    const h100 = gpus.find((g) => g.gpuUuid === "GPU-5fb4")!;
    expect(h100.points.map((p) => [p.bucket, p.utilizationPct, p.memoryTotalBytes])).toEqual([
      [new Date(H + 10 * MIN).toISOString(), 50, 80 * 1024 ** 3],
      [new Date(H + 20 * MIN).toISOString(), 70, (4096 + 77824) * 1024 ** 2],
    ]);
  });
});

describe("project isolation", () => {
  it("never shows a project's metrics to another project", async () => {
    const { gpus } = await readGpuMetrics({ ctx: other, query: hour });
    expect(gpus.map((g) => g.points[0]?.utilizationPct)).toEqual([99]);
    const serving = await readServingMetrics({ ctx: other, query: hour });
    expect(serving.figures.ttft.count).toBe(0);
    expect(serving.tokens.byModel).toEqual([]);
    const fresh = await makeProject();
    expect((await readGpuMetrics({ ctx: fresh, query: hour })).gpus).toEqual([]);
  });
});
