import { encodeEntry, traceEntry } from "../log/entry";
import { normalizeAll } from "../normalize/normalize-all";
import { decodeJson } from "../otlp/decode-json";
import { decodeProtobuf } from "../otlp/decode-protobuf";
import type { Encoding } from "../otlp/encode";

export type TraceExportJob = {
  projectId: string;
  body: Uint8Array;
  encoding: Encoding;
  settings: Parameters<typeof normalizeAll>[2];
};

/** One export's log record (null when nothing is left to store), and what it refused. */
export type EncodedTraceExport = { payload: Uint8Array | null; rejected: number; message: string };

/**
 * An export's synchronous work, the same on the encoder thread and inline: decode, normalize
 * and bounds, then the log record the applier reads. Pure: settings come with the job.
 */
export function encodeTraceExport(job: TraceExportJob): EncodedTraceExport {
  const body = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
  const spans = job.encoding === "protobuf" ? decodeProtobuf(body) : decodeJson(body.toString("utf8"));
  const normalized = normalizeAll(job.projectId, spans, job.settings);
  let { rejected, message } = normalized;
  // A value the stored column cannot hold refuses its span here, before the acknowledgement.
  const entry = traceEntry(normalized.rows, normalized.scores, (index, why) => {
    rejected++;
    message ||= `span ${normalized.rows[index]!.span_id}: ${why}`;
  });
  const payload = entry.heads.length || entry.scores.length ? encodeEntry(entry) : null;
  return { payload, rejected, message };
}
