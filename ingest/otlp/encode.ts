import { ExportTraceServiceResponse, RpcStatus } from "./schema";

export type Encoding = "protobuf" | "json";

export const CONTENT_TYPE: Record<Encoding, string> = { protobuf: "application/x-protobuf", json: "application/json" };

export type RejectedField = "rejectedSpans" | "rejectedLogRecords" | "rejectedDataPoints";

/**
 * `Export{Trace,Logs,Metrics}ServiceResponse`, with `partial_success` only when something was
 * refused. The three share one wire layout (field 1: { 1: rejected count, 2: message }), so
 * the trace message encodes all of them; only the OTLP/JSON field name differs.
 */
export function encodeExportResponse(
  encoding: Encoding,
  field: RejectedField,
  rejected: number,
  errorMessage: string,
): Uint8Array | string {
  if (encoding === "json") {
    return JSON.stringify(rejected > 0 ? { partialSuccess: { [field]: String(rejected), errorMessage } } : {});
  }
  const partial = rejected > 0 ? { partialSuccess: { rejectedSpans: rejected, errorMessage } } : {};
  return ExportTraceServiceResponse.encode(ExportTraceServiceResponse.fromObject(partial)).finish();
}

/** google.rpc.Status, the OTLP error body. */
export function encodeStatus(encoding: Encoding, code: number, message: string): Uint8Array | string {
  if (encoding === "json") return JSON.stringify({ code, message });
  return RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish();
}
