import "server-only";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { normalizeAll } from "../normalize/normalize-all";
import { decodeJson } from "../otlp/decode-json";
import { decodeProtobuf } from "../otlp/decode-protobuf";
import { traceEntry } from "../log/entry";
import { ingestPipeline } from "../log/ingest-log";
import { ingestTurn } from "./ingest-turns";
import type { OtlpSignal } from "./signal";

export const tracesSignal: OtlpSignal = {
  name: "traces",
  rejectedField: "rejectedSpans",
  async ingest(projectId, body, encoding) {
    const settings = await ingestSettingsFor(projectId);
    const pipeline = await ingestPipeline();
    pipeline.admit();
    const { outcome, appended } = await ingestTurn(() => {
      const spans = encoding === "protobuf" ? decodeProtobuf(body) : decodeJson(body.toString("utf8"));
      const normalized = normalizeAll(projectId, spans, settings);
      let { rejected, message } = normalized;
      // A value the stored column cannot hold refuses its span here, before the acknowledgement.
      const entry = traceEntry(normalized.rows, normalized.scores, (index, why) => {
        rejected++;
        message ||= `span ${normalized.rows[index]!.span_id}: ${why}`;
      });
      const appended = entry.heads.length || entry.scores.length ? pipeline.append(entry) : null;
      return { outcome: { rejected, message }, appended };
    });
    // Answered once the rows are in the fsync'd ingest log; the applier makes them readable.
    await appended;
    return outcome;
  },
};
