import { randomBytes } from "node:crypto";

export { kv, otlpJson, type JsonSpan } from "@/ingest/otlp/build-json";
export const traceId = () => randomBytes(16).toString("hex");
export const spanId = () => randomBytes(8).toString("hex");

// Builders for OTLP/JSON requests in tests.
export function postJson(url: string, key: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${url}/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...headers },
    body: typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
  });
}
