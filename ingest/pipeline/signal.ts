import type { Encoding, RejectedField } from "../otlp/encode";

/** What one export request left refused, for `partial_success`. */
export type IngestOutcome = { rejected: number; message: string };

/**
 * One OTLP signal (traces, logs, metrics) as the transports see it: HTTP (`/v1/<name>`) and
 * gRPC hand it the request body as sent and answer with its outcome. Decoding, validation and
 * storage are the signal's; authentication, body limits and error mapping are the transport's.
 */
export type OtlpSignal = {
  name: "traces" | "logs" | "metrics";
  /** The `partialSuccess` count field in OTLP/JSON answers. */
  rejectedField: RejectedField;
  /** Throws `DecodeError` for a malformed body; storage and back-pressure errors as the writer throws them. */
  ingest(projectId: string, body: Buffer, encoding: Encoding): Promise<IngestOutcome>;
};
