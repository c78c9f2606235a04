import "server-only";
import { apiKeyFromRequest } from "@/lib/http/api-key-header";
import { CONTENT_TYPE, encodeExportResponse, encodeStatus, type Encoding } from "../otlp/encode";
import { authorizeIngest } from "../pipeline/authorize";
import { GRPC, ingestFailure } from "../pipeline/errors";
import type { OtlpSignal } from "../pipeline/signal";
import { tracesSignal } from "../pipeline/traces-signal";
import { decodeContentEncoding, readLimited } from "@/lib/http/read-body";
import { log } from "@/lib/log/logger";

export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

function encodingOf(contentType: string | null): Encoding | null {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

function reply(
  encoding: Encoding,
  status: number,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body as BodyInit, { status, headers: { "content-type": CONTENT_TYPE[encoding], ...headers } });
}

function fail(
  encoding: Encoding,
  status: number,
  grpcCode: number,
  message: string,
  headers?: Record<string, string>,
): Response {
  return reply(encoding, status, encodeStatus(encoding, grpcCode, message), headers);
}

/** POST /v1/{traces,logs,metrics}, per the OTLP/HTTP specification. */
export async function handleOtlpExport(request: Request, signal: OtlpSignal): Promise<Response> {
  const encoding = encodingOf(request.headers.get("content-type"));
  if (!encoding) {
    return fail("json", 415, GRPC.INVALID_ARGUMENT, "Content-Type must be application/x-protobuf or application/json");
  }
  try {
    const caller = await authorizeIngest(apiKeyFromRequest(request));
    if (!caller.ok) return fail(encoding, caller.httpStatus, caller.grpcCode, caller.message);

    const raw = await readLimited(request.body, MAX_REQUEST_BYTES, Number(request.headers.get("content-length") ?? 0));
    const body = await decodeContentEncoding(raw, request.headers.get("content-encoding"), MAX_DECOMPRESSED_BYTES);
    const { rejected, message } = await signal.ingest(caller.projectId, body, encoding);
    return reply(encoding, 200, encodeExportResponse(encoding, signal.rejectedField, rejected, message));
  } catch (error) {
    const failure = ingestFailure(error);
    if (failure.log === "error")
      log.error({ err: error, signal: signal.name, transport: "http" }, "ingest: unexpected error");
    else if (failure.log)
      log.warn({ signal: signal.name, transport: "http", reason: (error as Error).message }, "ingest: export refused");
    const headers: Record<string, string> = failure.retryAfterSeconds
      ? { "retry-after": String(failure.retryAfterSeconds) }
      : {};
    return fail(encoding, failure.httpStatus, failure.grpcCode, failure.message, headers);
  }
}

/** POST /v1/traces. */
export function handleExport(request: Request): Promise<Response> {
  return handleOtlpExport(request, tracesSignal);
}
