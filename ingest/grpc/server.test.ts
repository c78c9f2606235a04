import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { SpanStatusCode } from "@opentelemetry/api";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { traceId } from "@/lib/testing/otlp";
import { listLogs, listLogsQuery } from "@/lib/logs/list-logs";
import { getTrace } from "@/lib/traces/get-trace";
import { ExportLogsServiceRequest, ExportLogsServiceResponse } from "../otlp/logs-schema";
import { ExportTraceServiceResponse } from "../otlp/schema";
import { ingestFailure } from "../pipeline/errors";
import { BackPressureError } from "../writer/batch-writer";
import { grpcError, startOtlpGrpcServer, type OtlpGrpcServer } from "./server";
import { RetryInfo, RpcStatusWithDetails } from "./status-details";
import { waitApplied } from "@/lib/testing/wait-applied";

let server: OtlpGrpcServer;
let client: Client;
let ctx: ProjectContext;
let key: string;
const TRACE = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
const LOGS = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";
const METRICS = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

beforeAll(async () => {
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  key = (await createApiKey({ ctx, input: { name: "grpc" } })).secretKey;
  server = await startOtlpGrpcServer({ port: 0, host: "127.0.0.1" });
  client = new Client(`127.0.0.1:${server.port}`, credentials.createInsecure());
});
afterAll(async () => {
  client?.close();
  await server?.close();
});

const auth = (headers: Record<string, string>) => {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(headers)) metadata.set(k, v);
  return metadata;
};

/** One unary call with raw bytes, as any OTLP/gRPC exporter makes it. */
function call(path: string, body: Uint8Array, metadata = auth({ authorization: `Bearer ${key}` })): Promise<Buffer> {
  const identity = (b: Buffer) => b;
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(path, identity, identity, Buffer.from(body), metadata, (error, value) =>
      error ? reject(error) : resolve(value!),
    );
  });
}

describe("OTLP/gRPC", () => {
  for (const compression of [CompressionAlgorithm.NONE, CompressionAlgorithm.GZIP]) {
    it(`stores spans exported by @opentelemetry/exporter-trace-otlp-grpc (compression ${compression})`, async () => {
      const exporter = new OTLPTraceExporter({
        url: `http://127.0.0.1:${server.port}`,
        metadata: auth({ authorization: `Bearer ${key}` }),
        compression,
      });
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ "service.name": "grpc-svc" }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      const span = provider.getTracer("t").startSpan("chat over grpc", {
        attributes: {
          "gen_ai.request.model": "gpt-4o",
          "gen_ai.usage.input_tokens": 11,
          "feature.name": `grpc-${compression}`,
        },
      });
      span.setStatus({ code: SpanStatusCode.ERROR, message: "upstream 500" });
      span.end();
      await provider.forceFlush();
      await provider.shutdown();
      await waitApplied(); // acknowledged means in the ingest log; reads need it applied
      const detail = await getTrace({ ctx, traceId: span.spanContext().traceId });
      expect(detail).toMatchObject({ feature: `grpc-${compression}`, status: "error" });
      expect(detail.spans[0]).toMatchObject({ kind: "llm", model: "gpt-4o", inputTokens: 11, serviceName: "grpc-svc" });
    });
  }

  it("takes the key from x-api-key too, and answers UNAUTHENTICATED without a valid one", async () => {
    expect(
      ExportTraceServiceResponse.toObject(
        ExportTraceServiceResponse.decode(await call(TRACE, new Uint8Array(), auth({ "x-api-key": key }))),
      ),
    ).toEqual({});
    await expect(call(TRACE, new Uint8Array(), auth({ authorization: "Bearer sk-obs-wrong" }))).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
    await expect(call(TRACE, new Uint8Array(), new Metadata())).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
  });

  it("answers PERMISSION_DENIED for a key without the ingest scope", async () => {
    const reader = (await createApiKey({ ctx, input: { name: "reader", scopes: ["read"] } })).secretKey;
    await expect(call(TRACE, new Uint8Array(), auth({ authorization: `Bearer ${reader}` }))).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
      details: expect.stringContaining("ingest"),
    });
  });

  it("answers INVALID_ARGUMENT for a malformed body", async () => {
    const error = await call(TRACE, new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1])).catch((e: ServiceError) => e);
    expect(error).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining("Malformed protobuf"),
    });
  });

  it("takes logs, with partial success for refused records", async () => {
    const t = traceId();
    const body = ExportLogsServiceRequest.encode(
      ExportLogsServiceRequest.fromObject({
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  {
                    timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
                    traceId: Buffer.from(t, "hex"),
                    severityNumber: 17,
                    body: { stringValue: "sent over grpc" },
                  },
                  { timeUnixNano: 1, traceId: Buffer.alloc(5, 1), body: { stringValue: "short trace id" } },
                ],
              },
            ],
          },
        ],
      }),
    ).finish();
    const answer = ExportLogsServiceResponse.toObject(ExportLogsServiceResponse.decode(await call(LOGS, body)), {
      longs: String,
    });
    expect(answer).toMatchObject({
      partialSuccess: { rejectedLogRecords: "1", errorMessage: expect.stringContaining("invalid trace id") },
    });
    await waitApplied();
    const { data } = await listLogs({ ctx, query: listLogsQuery.parse({ traceId: t }) });
    expect(data.map((l) => [l.severityText, l.body])).toEqual([["ERROR", "sent over grpc"]]);
  });

  it("serves MetricsService/Export", async () => {
    expect((await call(METRICS, new Uint8Array())).length).toBe(0);
  });

  it("maps back-pressure to RESOURCE_EXHAUSTED with RetryInfo, the delay HTTP sends as Retry-After", () => {
    const error = grpcError(ingestFailure(new BackPressureError(7)));
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    const [details] = error.metadata!.get("grpc-status-details-bin") as Buffer[];
    const decoded = RpcStatusWithDetails.toObject(RpcStatusWithDetails.decode(details!), { longs: Number }) as {
      code: number;
      details: Array<{ typeUrl: string; value: Uint8Array }>;
    };
    expect(decoded.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(decoded.details[0]?.typeUrl).toBe("type.googleapis.com/google.rpc.RetryInfo");
    expect(RetryInfo.toObject(RetryInfo.decode(decoded.details[0]!.value), { longs: Number })).toEqual({
      retryDelay: { seconds: 7 },
    });
  });
});
