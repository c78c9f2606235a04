// The encoder thread's entry (bundled to .next/workers by ingest/workers/build.mjs; run from
// source under tsx in development and tests). Each message is one export; the answer carries
// the log record, moved rather than copied.
import { parentPort } from "node:worker_threads";
import { DecodeError } from "../otlp/types";
import { encodeTraceExport, type TraceExportJob } from "./encode-traces";

type Request = { id: number; job: TraceExportJob };

parentPort!.on("message", ({ id, job }: Request) => {
  try {
    const result = encodeTraceExport(job);
    const payload = result.payload && ownBuffer(result.payload);
    parentPort!.postMessage({ id, ok: { ...result, payload } }, payload ? [payload.buffer as ArrayBuffer] : []);
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({
      id,
      error: { decode: error instanceof DecodeError, message: e.message, stack: e.stack },
    });
  }
});

/** A view that owns its whole ArrayBuffer, so that transferring it moves nothing else (small Buffers share a pool). */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  return new Uint8Array(bytes);
}
