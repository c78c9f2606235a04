import { gunzip } from "node:zlib";
import { promisify } from "node:util";

const gunzipAsync = promisify(gunzip);

export class BodyTooLargeError extends Error {}
export class UnsupportedEncodingError extends Error {}
export class BadBodyError extends Error {}

/** Reads at most `maxBytes` from the stream; larger bodies are refused without buffering them. */
export async function readLimited(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  declaredLength: number,
): Promise<Buffer> {
  if (declaredLength > maxBytes)
    throw new BodyTooLargeError(`Body of ${declaredLength} bytes exceeds the ${maxBytes} byte limit`);
  if (!stream) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`Body exceeds the ${maxBytes} byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** Undoes `Content-Encoding`; inflation stops at `maxBytes`, so a gzip bomb is cut off early. */
export async function decodeContentEncoding(body: Buffer, encoding: string | null, maxBytes: number): Promise<Buffer> {
  const name = (encoding ?? "identity").trim().toLowerCase();
  if (name === "identity" || name === "") return body;
  if (name !== "gzip" && name !== "x-gzip")
    throw new UnsupportedEncodingError(`Content-Encoding ${name} is not supported; use gzip`);
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
      throw new BodyTooLargeError(`Decompressed body exceeds the ${maxBytes} byte limit`);
    }
    throw new BadBodyError(`Body is not valid gzip: ${(error as Error).message}`);
  }
}
