import {
  anyValue,
  hex,
  keyValues,
  longToBigInt,
  type PbAnyValue,
  type PbKeyValue,
  type PbLong,
} from "./decode-protobuf";
import type { DecodedLogRecord } from "./log-types";
import { ExportLogsServiceRequest } from "./logs-schema";
import { DecodeError } from "./types";
import { asBuffer } from "./well-formed";

type PbLogRecord = {
  timeUnixNano?: PbLong;
  observedTimeUnixNano?: PbLong;
  severityNumber?: number;
  severityText?: string;
  body?: PbAnyValue;
  attributes?: PbKeyValue[];
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  eventName?: string;
};
type PbRequest = {
  resourceLogs?: Array<{
    resource?: { attributes?: PbKeyValue[] };
    scopeLogs?: Array<{ scope?: { name?: string; version?: string }; logRecords?: PbLogRecord[] }>;
  }>;
};

/** Decodes an `ExportLogsServiceRequest`; any malformed byte string raises `DecodeError`. */
export function decodeLogsProtobuf(body: Uint8Array): DecodedLogRecord[] {
  let message: PbRequest;
  try {
    message = ExportLogsServiceRequest.decode(asBuffer(body)) as unknown as PbRequest;
  } catch (error) {
    throw new DecodeError(`Malformed protobuf: ${(error as Error).message}`);
  }
  const records: DecodedLogRecord[] = [];
  for (const rl of message.resourceLogs ?? []) {
    const resource = keyValues(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      for (const r of sl.logRecords ?? []) {
        records.push({
          traceId: hex(r.traceId),
          spanId: hex(r.spanId),
          timeNanos: longToBigInt(r.timeUnixNano),
          observedNanos: longToBigInt(r.observedTimeUnixNano),
          severityNumber: r.severityNumber ?? 0,
          severityText: r.severityText ?? "",
          eventName: r.eventName ?? "",
          body: r.body ? anyValue(r.body) : null,
          attributes: keyValues(r.attributes),
          resource,
          scopeName: sl.scope?.name ?? "",
          scopeVersion: sl.scope?.version ?? "",
        });
      }
    }
  }
  return records;
}
