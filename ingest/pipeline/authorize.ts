import "server-only";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import { GRPC } from "./errors";

export type IngestCaller =
  | { ok: true; projectId: string }
  | { ok: false; httpStatus: 401 | 403; grpcCode: number; message: string };

/** The project an OTLP export writes to: the key must exist and carry the `ingest` scope. */
export async function authorizeIngest(secret: string | null): Promise<IngestCaller> {
  const key = await verifyApiKey(secret ?? "");
  if (!key)
    return { ok: false, httpStatus: 401, grpcCode: GRPC.UNAUTHENTICATED, message: "Missing or invalid API key" };
  if (!key.scopes.includes("ingest")) {
    return {
      ok: false,
      httpStatus: 403,
      grpcCode: GRPC.PERMISSION_DENIED,
      message: 'This API key lacks the "ingest" scope',
    };
  }
  return { ok: true, projectId: key.projectId };
}
