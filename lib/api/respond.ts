import { ZodError } from "zod";
import { ServiceError, STATUS_BY_CODE } from "./errors";
import { asStoreError } from "@/db/store-error";
import { log } from "@/lib/log/logger";

export function errorResponse(
  status: number,
  code: string,
  message: string,
  field?: string,
  headers?: HeadersInit,
  details?: Record<string, unknown>,
): Response {
  return Response.json({ error: { code, message, ...(field ? { field } : {}), ...details } }, { status, headers });
}

export function zodFieldMessage(error: ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const at = issue?.path.map(String).join(".") ?? "";
  // An unknown key is named itself, so the caller sees which of their fields was refused.
  if (issue?.code === "unrecognized_keys") {
    const field = [at, issue.keys[0]].filter(Boolean).join(".");
    return {
      field,
      message: `${field}: not a known field${issue.keys.length > 1 ? ` (nor ${issue.keys.slice(1).join(", ")})` : ""}`,
    };
  }
  const field = at || "body";
  return { field, message: `${field}: ${issue?.message ?? "invalid"}` };
}

/** Maps anything a service throws onto the `{ error: { code, message } }` contract. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ZodError) {
    const { field, message } = zodFieldMessage(error);
    return errorResponse(400, "bad_request", message, field);
  }
  if (error instanceof ServiceError)
    return errorResponse(STATUS_BY_CODE[error.code], error.code, error.message, error.field, undefined, error.details);
  const store = asStoreError(error);
  if (store) {
    log.error({ err: error, code: store.code }, "store failure");
    // A query the engine rejects is our bug, not an outage: no point in retrying.
    if (store.code === "clickhouse_query") return errorResponse(500, "internal", "Internal error");
    // Values the store cannot hold are the caller's input, not an outage.
    if (store.code === "clickhouse_rejected")
      return errorResponse(400, "bad_request", "The data store refused these values");
    return errorResponse(503, store.code, "A data store is unavailable; try again shortly", undefined, {
      "Retry-After": "5",
    });
  }
  log.error({ err: error }, "unexpected error");
  return errorResponse(500, "internal", "Internal error");
}
