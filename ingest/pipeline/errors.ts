import { StoreError } from "@/lib/clickhouse/query";
import { BadBodyError, BodyTooLargeError, UnsupportedEncodingError } from "@/lib/http/read-body";
import { DecodeError } from "../otlp/types";
import { LogFullError } from "../log/ingest-log";
import { BackPressureError, ShuttingDownError } from "../writer/batch-writer";

// gRPC status codes, used in the OTLP error body over HTTP and as the status over gRPC.
export const GRPC = {
  INVALID_ARGUMENT: 3,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNAUTHENTICATED: 16,
  UNAVAILABLE: 14,
  INTERNAL: 13,
} as const;

export type IngestFailure = {
  httpStatus: number;
  grpcCode: number;
  message: string;
  retryAfterSeconds?: number;
  log?: "warn" | "error";
};

/** How a failed export is answered, the same on every transport. */
export function ingestFailure(error: unknown): IngestFailure {
  if (error instanceof BodyTooLargeError)
    return { httpStatus: 413, grpcCode: GRPC.INVALID_ARGUMENT, message: error.message };
  if (error instanceof UnsupportedEncodingError)
    return { httpStatus: 415, grpcCode: GRPC.INVALID_ARGUMENT, message: error.message };
  if (error instanceof DecodeError || error instanceof BadBodyError)
    return { httpStatus: 400, grpcCode: GRPC.INVALID_ARGUMENT, message: error.message };
  if (error instanceof BackPressureError) {
    return {
      httpStatus: 429,
      grpcCode: GRPC.RESOURCE_EXHAUSTED,
      message: "Ingest is busy; retry later",
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  // The log holds as much as it may while the store is down: nothing taken, retry later.
  if (error instanceof LogFullError) {
    return {
      httpStatus: 503,
      grpcCode: GRPC.UNAVAILABLE,
      message: "Ingest log is full while storage catches up; retry later",
      retryAfterSeconds: error.retryAfterSeconds,
      log: "warn",
    };
  }
  // The store refused this request's own rows (the writer isolates them from the rest of the
  // batch): resending them would fail again, so the exporter must not retry.
  if (error instanceof StoreError && error.code === "clickhouse_rejected") {
    return {
      httpStatus: 400,
      grpcCode: GRPC.INVALID_ARGUMENT,
      message: `The store refused this request's data: ${error.message.slice(0, 300)}`,
      log: "warn",
    };
  }
  if (error instanceof ShuttingDownError || error instanceof StoreError) {
    return {
      httpStatus: 503,
      grpcCode: GRPC.UNAVAILABLE,
      message: "Storage unavailable; retry later",
      retryAfterSeconds: 5,
      log: "warn",
    };
  }
  return { httpStatus: 500, grpcCode: GRPC.INTERNAL, message: "Internal error", log: "error" };
}
