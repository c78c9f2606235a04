import "server-only";
import { metricLifetimeFor } from "@/lib/retention/metric-lifetime";
import { metricRows } from "../metrics/metric-rows";
import { ingestPipeline } from "../log/ingest-log";
import { decodeMetricsJson } from "../otlp/decode-metrics-json";
import { decodeMetricsProtobuf } from "../otlp/decode-metrics-protobuf";
import { ingestTurn } from "./ingest-turns";
import type { OtlpSignal } from "./signal";

export const metricsSignal: OtlpSignal = {
  name: "metrics",
  rejectedField: "rejectedDataPoints",
  async ingest(projectId, body, encoding) {
    const lifetime = await metricLifetimeFor(projectId);
    const pipeline = await ingestPipeline();
    pipeline.admit();
    const { outcome, appended } = await ingestTurn(() => {
      const points = encoding === "protobuf" ? decodeMetricsProtobuf(body) : decodeMetricsJson(body.toString("utf8"));
      const { rows, rejected, message } = metricRows(projectId, points, lifetime);
      return {
        outcome: { rejected, message },
        appended: rows.length ? pipeline.append({ signal: "metrics", rows }) : null,
      };
    });
    await appended;
    return outcome;
  },
};
