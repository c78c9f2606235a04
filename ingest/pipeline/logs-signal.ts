import "server-only";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { ingestPipeline } from "../log/ingest-log";
import { normalizeLogs } from "../logs/normalize-log";
import { decodeLogsJson } from "../otlp/decode-logs-json";
import { decodeLogsProtobuf } from "../otlp/decode-logs-protobuf";
import { ingestTurn } from "./ingest-turns";
import type { OtlpSignal } from "./signal";

export const logsSignal: OtlpSignal = {
  name: "logs",
  rejectedField: "rejectedLogRecords",
  async ingest(projectId, body, encoding) {
    const settings = await ingestSettingsFor(projectId);
    const pipeline = await ingestPipeline();
    pipeline.admit();
    const { outcome, appended } = await ingestTurn(() => {
      const records = encoding === "protobuf" ? decodeLogsProtobuf(body) : decodeLogsJson(body.toString("utf8"));
      const { rows, rejected, message } = normalizeLogs(projectId, records, settings);
      return {
        outcome: { rejected, message },
        appended: rows.length ? pipeline.append({ signal: "logs", rows }) : null,
      };
    });
    await appended;
    return outcome;
  },
};
