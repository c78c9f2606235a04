import { ExportTraceServiceResponse, RpcStatus } from "./schema";

export type Encoding = "protobuf" | "json";

export const CONTENT_TYPE: Record<Encoding, string> = { protobuf: "application/x-protobuf", json: "application/json" };

/** `ExportTraceServiceResponse`, with `partial_success` only when something was refused. */
export function encodeExportResponse(encoding: Encoding, rejectedSpans: number, errorMessage: string): Uint8Array | string {
  const partial = rejectedSpans > 0 ? { rejectedSpans, errorMessage } : undefined;
  if (encoding === "json") {
    return JSON.stringify(partial ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {});
  }
  return ExportTraceServiceResponse.encode(ExportTraceServiceResponse.fromObject(partial ? { partialSuccess: partial } : {})).finish();
}

/** google.rpc.Status, the OTLP error body. */
export function encodeStatus(encoding: Encoding, code: number, message: string): Uint8Array | string {
  if (encoding === "json") return JSON.stringify({ code, message });
  return RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish();
}
