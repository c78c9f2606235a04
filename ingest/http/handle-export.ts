import "server-only";
import { apiKeyFromRequest } from "@/lib/api/with-project";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import { StoreError } from "@/lib/clickhouse/query";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { normalizeSpan, type SpanRow } from "../normalize/normalize-span";
import { spanScores } from "../scores/span-scores";
import type { ScoreDraft } from "@/lib/scores/score-row";
import { decodeJson } from "../otlp/decode-json";
import { decodeProtobuf } from "../otlp/decode-protobuf";
import { CONTENT_TYPE, encodeExportResponse, encodeStatus, type Encoding } from "../otlp/encode";
import { DecodeError, type DecodedSpan } from "../otlp/types";
import { BackPressureError, ShuttingDownError, spanWriter } from "../writer/batch-writer";
import { BadBodyError, BodyTooLargeError, decodeContentEncoding, readLimited, UnsupportedEncodingError } from "./read-body";

export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

// gRPC status codes carried in the OTLP error body.
const GRPC = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNAUTHENTICATED: 16, UNAVAILABLE: 14, INTERNAL: 13 } as const;

function encodingOf(contentType: string | null): Encoding | null {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

function reply(encoding: Encoding, status: number, body: Uint8Array | string, headers: Record<string, string> = {}): Response {
  return new Response(body as BodyInit, { status, headers: { "content-type": CONTENT_TYPE[encoding], ...headers } });
}

function fail(encoding: Encoding, status: number, grpcCode: number, message: string, headers?: Record<string, string>): Response {
  return reply(encoding, status, encodeStatus(encoding, grpcCode, message), headers);
}

/** Normalizes each span and derives its scores; spans refused on their own are counted with the first few reasons. */
export function normalizeAll(projectId: string, spans: DecodedSpan[], settings: Awaited<ReturnType<typeof ingestSettingsFor>>) {
  const rows: SpanRow[] = [];
  const scores: ScoreDraft[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  for (const span of spans) {
    const result = normalizeSpan(projectId, span, settings);
    if (result.ok) {
      rows.push(result.row);
      scores.push(...spanScores(span, result.row, settings));
    } else {
      rejected += 1;
      if (reasons.length < 5) reasons.push(result.reason);
    }
  }
  const message = rejected ? `${rejected} span(s) rejected: ${reasons.join("; ")}${rejected > reasons.length ? "; …" : ""}` : "";
  return { rows, scores, rejected, message };
}

/** POST /v1/traces, per the OTLP/HTTP specification. */
export async function handleExport(request: Request): Promise<Response> {
  const encoding = encodingOf(request.headers.get("content-type"));
  if (!encoding) {
    return fail("json", 415, GRPC.INVALID_ARGUMENT, "Content-Type must be application/x-protobuf or application/json");
  }
  try {
    const key = await verifyApiKey(apiKeyFromRequest(request) ?? "");
    if (!key) return fail(encoding, 401, GRPC.UNAUTHENTICATED, "Missing or invalid API key");

    const raw = await readLimited(request.body, MAX_REQUEST_BYTES, Number(request.headers.get("content-length") ?? 0));
    const body = await decodeContentEncoding(raw, request.headers.get("content-encoding"), MAX_DECOMPRESSED_BYTES);
    const spans = encoding === "protobuf" ? decodeProtobuf(body) : decodeJson(body.toString("utf8"));
    const { rows, scores, rejected, message } = normalizeAll(key.projectId, spans, await ingestSettingsFor(key.projectId));
    await spanWriter().write(rows, scores);
    return reply(encoding, 200, encodeExportResponse(encoding, rejected, message));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return fail(encoding, 413, GRPC.INVALID_ARGUMENT, error.message);
    if (error instanceof UnsupportedEncodingError) return fail(encoding, 415, GRPC.INVALID_ARGUMENT, error.message);
    if (error instanceof DecodeError || error instanceof BadBodyError) return fail(encoding, 400, GRPC.INVALID_ARGUMENT, error.message);
    if (error instanceof BackPressureError) {
      return fail(encoding, 429, GRPC.RESOURCE_EXHAUSTED, "Ingest is busy; retry later", { "retry-after": String(error.retryAfterSeconds) });
    }
    if (error instanceof ShuttingDownError || error instanceof StoreError) {
      console.error(`[ingest] ${error.message}`);
      return fail(encoding, 503, GRPC.UNAVAILABLE, "Storage unavailable; retry later", { "retry-after": "5" });
    }
    console.error("[ingest] unexpected error", error);
    return fail(encoding, 500, GRPC.INTERNAL, "Internal error");
  }
}
