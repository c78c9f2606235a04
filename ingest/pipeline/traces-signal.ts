import "server-only";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { normalizeAll } from "../normalize/normalize-all";
import { decodeJson } from "../otlp/decode-json";
import { decodeProtobuf } from "../otlp/decode-protobuf";
import { ingestPipeline } from "../log/ingest-log";
import type { OtlpSignal } from "./signal";

export const tracesSignal: OtlpSignal = {
  name: "traces",
  rejectedField: "rejectedSpans",
  async ingest(projectId, body, encoding) {
    const spans = encoding === "protobuf" ? decodeProtobuf(body) : decodeJson(body.toString("utf8"));
    const { rows, scores, rejected, message } = normalizeAll(projectId, spans, await ingestSettingsFor(projectId));
    // Answered once the rows are in the fsync'd ingest log; the applier makes them readable.
    if (rows.length || scores.length) await (await ingestPipeline()).append({ signal: "traces", rows, scores });
    return { rejected, message };
  },
};
