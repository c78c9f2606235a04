import type { OtlpSignal } from "./signal";

/**
 * PLACEHOLDER so the compatibility suite can route `/v1/logs`: it accepts every body and
 * discards it. The real logs signal (decode, attach GenAI events to their spans, store the
 * rest) is written on its own branch and replaces this file when the branches are merged.
 */
export const logsSignal: OtlpSignal = {
  name: "logs",
  rejectedField: "rejectedLogRecords",
  async ingest() {
    return { rejected: 0, message: "" };
  },
};
