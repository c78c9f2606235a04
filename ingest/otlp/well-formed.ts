// Strings as ClickHouse can take them in every mode. Invalid UTF-8 bytes are replaced with
// U+FFFD when the body is read (Buffer's UTF-8 decoding, for protobuf and JSON alike); what
// remains is JSON's "\ud800" escape, which JSON.parse keeps as a lone surrogate: UTF-8 cannot
// encode it, and the server's JSON input refuses it, failing the whole insert.

type WellFormedString = { isWellFormed(): boolean; toWellFormed(): string };

/** The string with lone surrogates replaced by U+FFFD (Node 20's own String methods). */
export function wellFormed(text: string): string {
  const s = text as unknown as WellFormedString;
  return s.isWellFormed() ? text : s.toWellFormed();
}

// Only an escaped surrogate can leave one behind; bodies without one skip the reviver.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const revive = (_key: string, value: unknown) => (typeof value === "string" ? wellFormed(value) : value);

/** JSON.parse for OTLP/JSON bodies: every string value comes out well-formed. */
export function parseOtlpJson(body: string): unknown {
  return SURROGATE_ESCAPE.test(body) ? JSON.parse(body, revive) : JSON.parse(body);
}

/** protobufjs reads strings of a Buffer with Node's decoder (invalid bytes → U+FFFD); other arrays by hand. */
export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
