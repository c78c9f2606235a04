import "server-only";
import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerErrorResponse,
  type ServerUnaryCall,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { MAX_DECOMPRESSED_BYTES } from "../http/handle-export";
import { encodeExportResponse } from "../otlp/encode";
import { authorizeIngest } from "../pipeline/authorize";
import { ingestFailure, type IngestFailure } from "../pipeline/errors";
import { logsSignal } from "../pipeline/logs-signal";
import { metricsSignal } from "../pipeline/metrics-signal";
import type { OtlpSignal } from "../pipeline/signal";
import { tracesSignal } from "../pipeline/traces-signal";
import { retryStatusDetails } from "./status-details";
import { log } from "@/lib/log/logger";
import { withRequestId } from "@/lib/log/request-context";

// OTLP/gRPC: the three collector services, each handing the request bytes as received (no
// decoding here: the identity deserializer) to the same signal as /v1/<signal>, and answering
// the Export*ServiceResponse bytes the signal's outcome encodes to.

const SERVICES: Array<{ service: string; signal: OtlpSignal }> = [
  { service: "opentelemetry.proto.collector.trace.v1.TraceService", signal: tracesSignal },
  { service: "opentelemetry.proto.collector.logs.v1.LogsService", signal: logsSignal },
  { service: "opentelemetry.proto.collector.metrics.v1.MetricsService", signal: metricsSignal },
];

const identity = (bytes: Buffer) => bytes;

/** The API key of a call: `authorization: Bearer sk-obs-…`, or `x-api-key`, as over HTTP. */
export function apiKeyFromMetadata(metadata: Metadata): string | null {
  const authorization = String(metadata.get("authorization")[0] ?? "");
  if (authorization.toLowerCase().startsWith("bearer ")) return authorization.slice(7).trim();
  return String(metadata.get("x-api-key")[0] ?? "").trim() || null;
}

/** A failure as a gRPC status; retryable ones carry RetryInfo with the delay HTTP puts in Retry-After. */
export function grpcError(failure: IngestFailure): Partial<ServerErrorResponse> {
  const metadata = new Metadata();
  if (failure.retryAfterSeconds)
    metadata.set(
      "grpc-status-details-bin",
      retryStatusDetails(failure.grpcCode, failure.message, failure.retryAfterSeconds),
    );
  return { code: failure.grpcCode, details: failure.message, metadata };
}

/** The project a call writes to, authorized as HTTP exports are (a key with the `ingest` scope). */
const authorizeCall = (metadata: Metadata) => authorizeIngest(apiKeyFromMetadata(metadata));

function exportHandler(signal: OtlpSignal) {
  const answer = async (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
    try {
      const caller = await authorizeCall(call.metadata);
      if (!caller.ok) return callback({ code: caller.grpcCode, details: caller.message });
      const { rejected, message } = await signal.ingest(caller.projectId, call.request, "protobuf");
      callback(null, Buffer.from(encodeExportResponse("protobuf", signal.rejectedField, rejected, message)));
    } catch (error) {
      const failure = ingestFailure(error);
      if (failure.log === "error")
        log.error({ err: error, signal: signal.name, transport: "grpc" }, "ingest: unexpected error");
      else if (failure.log)
        log.warn(
          { signal: signal.name, transport: "grpc", reason: (error as Error).message },
          "ingest: export refused",
        );
      callback(grpcError(failure));
    }
  };
  // Each call runs with a request id (the caller's x-request-id metadata if sane), as HTTP
  // requests do; answer() turns every failure into a gRPC status.
  return (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void =>
    withRequestId(call.metadata.get("x-request-id")[0], () => void answer(call, callback));
}

export type OtlpGrpcServer = { port: number; close: () => Promise<void> };

/** Starts the OTLP/gRPC server; port 0 picks a free one (tests). */
export async function startOtlpGrpcServer({
  port,
  host = "0.0.0.0",
}: {
  port: number;
  host?: string;
}): Promise<OtlpGrpcServer> {
  // One limit covers the message as framed and once decompressed: the larger HTTP bound.
  const server = new Server({ "grpc.max_receive_message_length": MAX_DECOMPRESSED_BYTES });
  for (const { service, signal } of SERVICES) {
    const definition = {
      Export: {
        path: `/${service}/Export`,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    };
    server.addService(definition, { Export: exportHandler(signal) } as UntypedServiceImplementation);
  }
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, actual) =>
      error ? reject(error) : resolve(actual),
    );
  });
  return {
    port: bound,
    // Lets calls in flight finish (their spans are committed before they answer), then stops.
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), 10_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
