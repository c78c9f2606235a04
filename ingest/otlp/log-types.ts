import type { AttributeValue, Attributes } from "./types";

/** One OTLP log record as decoded, the same whether it came as protobuf or JSON. */
export type DecodedLogRecord = {
  /** Lower-case hex as sent ("" when absent); validated by the pipeline, not the decoder. */
  traceId: string;
  spanId: string;
  timeNanos: bigint;
  observedNanos: bigint;
  severityNumber: number;
  severityText: string;
  /** The LogRecord `event_name` field (field 12); older senders use the `event.name` attribute instead. */
  eventName: string;
  body: AttributeValue;
  attributes: Attributes;
  /** Shared by every record of one ResourceLogs. */
  resource: Attributes;
  scopeName: string;
  scopeVersion: string;
};
