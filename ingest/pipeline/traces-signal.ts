import "server-only";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { ingestPipeline } from "../log/ingest-log";
import { encodeTraceExportOffThread } from "../workers/encoder-threads";
import type { OtlpSignal } from "./signal";

export const tracesSignal: OtlpSignal = {
  name: "traces",
  rejectedField: "rejectedSpans",
  async ingest(projectId, body, encoding) {
    const settings = await ingestSettingsFor(projectId);
    const pipeline = await ingestPipeline();
    pipeline.admit();
    const { payload, rejected, message } = await encodeTraceExportOffThread({ projectId, body, encoding, settings });
    // Answered once the rows are in the fsync'd ingest log; the applier makes them readable.
    if (payload) await pipeline.appendRecord(payload);
    return { rejected, message };
  },
};
