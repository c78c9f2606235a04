import "server-only";
import type { OtlpSignal } from "./signal";

// PLACEHOLDER so that the gRPC server can wire MetricsService/Export on this branch: it accepts
// and discards. The metrics branch's real `metricsSignal` replaces this file at merge.
export const metricsSignal: OtlpSignal = {
  name: "metrics",
  rejectedField: "rejectedDataPoints",
  async ingest() {
    return { rejected: 0, message: "" };
  },
};
