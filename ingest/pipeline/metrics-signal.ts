import "server-only";
import { metricLifetimeFor } from "@/lib/retention/metric-lifetime";
import { metricRows } from "../metrics/metric-rows";
import { ingestPipeline } from "../log/ingest-log";
import { decodeMetricsJson } from "../otlp/decode-metrics-json";
import { decodeMetricsProtobuf } from "../otlp/decode-metrics-protobuf";
import type { OtlpSignal } from "./signal";

export const metricsSignal: OtlpSignal = {
  name: "metrics",
  rejectedField: "rejectedDataPoints",
  async ingest(projectId, body, encoding) {
    const points = encoding === "protobuf" ? decodeMetricsProtobuf(body) : decodeMetricsJson(body.toString("utf8"));
    const { rows, rejected, message } = metricRows(projectId, points, await metricLifetimeFor(projectId));
    if (rows.length) await (await ingestPipeline()).append({ signal: "metrics", rows });
    return { rejected, message };
  },
};
