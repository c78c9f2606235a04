import "server-only";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { normalizeAll } from "../normalize/normalize-all";
import { decodeJson } from "../otlp/decode-json";
import { decodeProtobuf } from "../otlp/decode-protobuf";
import { traceEntry } from "../log/entry";
import { ingestPipeline } from "../log/ingest-log";
import type { OtlpSignal } from "./signal";

export const tracesSignal: OtlpSignal = {
  name: "traces",
  rejectedField: "rejectedSpans",
  async ingest(projectId, body, encoding) {
    const spans = encoding === "protobuf" ? decodeProtobuf(body) : decodeJson(body.toString("utf8"));
    const normalized = normalizeAll(projectId, spans, await ingestSettingsFor(projectId));
    let { rejected, message } = normalized;
    // A value the stored column cannot hold refuses its span here, before the acknowledgement.
    const entry = traceEntry(normalized.rows, normalized.scores, (index, why) => {
      rejected++;
      message ||= `span ${normalized.rows[index]!.span_id}: ${why}`;
    });
    // Answered once the rows are in the fsync'd ingest log; the applier makes them readable.
    if (entry.heads.length || entry.scores.length) await (await ingestPipeline()).append(entry);
    return { rejected, message };
  },
};
