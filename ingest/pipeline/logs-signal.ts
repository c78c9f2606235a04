import "server-only";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";
import { ingestPipeline } from "../log/ingest-log";
import { normalizeLogs } from "../logs/normalize-log";
import { decodeLogsJson } from "../otlp/decode-logs-json";
import { decodeLogsProtobuf } from "../otlp/decode-logs-protobuf";
import type { OtlpSignal } from "./signal";

export const logsSignal: OtlpSignal = {
  name: "logs",
  rejectedField: "rejectedLogRecords",
  async ingest(projectId, body, encoding) {
    const records = encoding === "protobuf" ? decodeLogsProtobuf(body) : decodeLogsJson(body.toString("utf8"));
    const { rows, rejected, message } = normalizeLogs(projectId, records, await ingestSettingsFor(projectId));
    if (rows.length) await (await ingestPipeline()).append({ signal: "logs", rows });
    return { rejected, message };
  },
};
