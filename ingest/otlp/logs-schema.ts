import { otlpRoot } from "./schema";

// logs, collector/logs (opentelemetry-proto v1 logs.proto); field 4 of LogRecord is reserved.
const logsMessages = {
  ResourceLogs: {
    fields: {
      resource: { type: "Resource", id: 1 },
      scopeLogs: { rule: "repeated", type: "ScopeLogs", id: 2 },
      schemaUrl: { type: "string", id: 3 },
    },
  },
  ScopeLogs: {
    fields: {
      scope: { type: "InstrumentationScope", id: 1 },
      logRecords: { rule: "repeated", type: "LogRecord", id: 2 },
      schemaUrl: { type: "string", id: 3 },
    },
  },
  LogRecord: {
    fields: {
      timeUnixNano: { type: "fixed64", id: 1 },
      observedTimeUnixNano: { type: "fixed64", id: 11 },
      severityNumber: { type: "int32", id: 2 },
      severityText: { type: "string", id: 3 },
      body: { type: "AnyValue", id: 5 },
      attributes: { rule: "repeated", type: "KeyValue", id: 6 },
      droppedAttributesCount: { type: "uint32", id: 7 },
      flags: { type: "fixed32", id: 8 },
      traceId: { type: "bytes", id: 9 },
      spanId: { type: "bytes", id: 10 },
      eventName: { type: "string", id: 12 },
    },
  },
  ExportLogsServiceRequest: { fields: { resourceLogs: { rule: "repeated", type: "ResourceLogs", id: 1 } } },
  ExportLogsServiceResponse: { fields: { partialSuccess: { type: "ExportLogsPartialSuccess", id: 1 } } },
  ExportLogsPartialSuccess: {
    fields: { rejectedLogRecords: { type: "int64", id: 1 }, errorMessage: { type: "string", id: 2 } },
  },
};

const root = otlpRoot(logsMessages);
export const ExportLogsServiceRequest = root.lookupType("otlp.ExportLogsServiceRequest");
export const ExportLogsServiceResponse = root.lookupType("otlp.ExportLogsServiceResponse");
