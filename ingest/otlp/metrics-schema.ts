import { otlpRoot } from "./schema";

// metrics, collector/metrics (opentelemetry-proto v1 metrics.proto); field numbers follow the
// .proto file. Exemplars are not read (left out, so their bytes are skipped).
const dataPointCommon = (attributes: number, flags: number) => ({
  attributes: { rule: "repeated", type: "KeyValue", id: attributes },
  startTimeUnixNano: { type: "fixed64", id: 2 },
  timeUnixNano: { type: "fixed64", id: 3 },
  flags: { type: "uint32", id: flags },
});

const metricsMessages = {
  ResourceMetrics: {
    fields: {
      resource: { type: "Resource", id: 1 },
      scopeMetrics: { rule: "repeated", type: "ScopeMetrics", id: 2 },
      schemaUrl: { type: "string", id: 3 },
    },
  },
  ScopeMetrics: {
    fields: {
      scope: { type: "InstrumentationScope", id: 1 },
      metrics: { rule: "repeated", type: "Metric", id: 2 },
      schemaUrl: { type: "string", id: 3 },
    },
  },
  Metric: {
    oneofs: { data: { oneof: ["gauge", "sum", "histogram", "exponentialHistogram", "summary"] } },
    fields: {
      name: { type: "string", id: 1 },
      description: { type: "string", id: 2 },
      unit: { type: "string", id: 3 },
      gauge: { type: "Gauge", id: 5 },
      sum: { type: "Sum", id: 7 },
      histogram: { type: "Histogram", id: 9 },
      exponentialHistogram: { type: "ExponentialHistogram", id: 10 },
      summary: { type: "Summary", id: 11 },
      metadata: { rule: "repeated", type: "KeyValue", id: 12 },
    },
  },
  Gauge: { fields: { dataPoints: { rule: "repeated", type: "NumberDataPoint", id: 1 } } },
  Sum: {
    fields: {
      dataPoints: { rule: "repeated", type: "NumberDataPoint", id: 1 },
      aggregationTemporality: { type: "int32", id: 2 },
      isMonotonic: { type: "bool", id: 3 },
    },
  },
  Histogram: {
    fields: {
      dataPoints: { rule: "repeated", type: "HistogramDataPoint", id: 1 },
      aggregationTemporality: { type: "int32", id: 2 },
    },
  },
  ExponentialHistogram: {
    fields: {
      dataPoints: { rule: "repeated", type: "ExponentialHistogramDataPoint", id: 1 },
      aggregationTemporality: { type: "int32", id: 2 },
    },
  },
  Summary: { fields: { dataPoints: { rule: "repeated", type: "SummaryDataPoint", id: 1 } } },
  NumberDataPoint: {
    oneofs: { value: { oneof: ["asDouble", "asInt"] } },
    fields: { ...dataPointCommon(7, 8), asDouble: { type: "double", id: 4 }, asInt: { type: "sfixed64", id: 6 } },
  },
  HistogramDataPoint: {
    fields: {
      ...dataPointCommon(9, 10),
      count: { type: "fixed64", id: 4 },
      sum: { type: "double", id: 5 },
      bucketCounts: { rule: "repeated", type: "fixed64", id: 6 },
      explicitBounds: { rule: "repeated", type: "double", id: 7 },
      min: { type: "double", id: 11 },
      max: { type: "double", id: 12 },
    },
  },
  ExponentialHistogramDataPoint: {
    fields: {
      ...dataPointCommon(1, 10),
      count: { type: "fixed64", id: 4 },
      sum: { type: "double", id: 5 },
      scale: { type: "sint32", id: 6 },
      zeroCount: { type: "fixed64", id: 7 },
      positive: { type: "ExponentialBuckets", id: 8 },
      negative: { type: "ExponentialBuckets", id: 9 },
      min: { type: "double", id: 12 },
      max: { type: "double", id: 13 },
      zeroThreshold: { type: "double", id: 14 },
    },
  },
  ExponentialBuckets: {
    fields: { offset: { type: "sint32", id: 1 }, bucketCounts: { rule: "repeated", type: "uint64", id: 2 } },
  },
  SummaryDataPoint: {
    fields: {
      ...dataPointCommon(7, 8),
      count: { type: "fixed64", id: 4 },
      sum: { type: "double", id: 5 },
      quantileValues: { rule: "repeated", type: "ValueAtQuantile", id: 6 },
    },
  },
  ValueAtQuantile: { fields: { quantile: { type: "double", id: 1 }, value: { type: "double", id: 2 } } },
  ExportMetricsServiceRequest: { fields: { resourceMetrics: { rule: "repeated", type: "ResourceMetrics", id: 1 } } },
  ExportMetricsServiceResponse: { fields: { partialSuccess: { type: "ExportMetricsPartialSuccess", id: 1 } } },
  ExportMetricsPartialSuccess: {
    fields: { rejectedDataPoints: { type: "int64", id: 1 }, errorMessage: { type: "string", id: 2 } },
  },
};

const root = otlpRoot(metricsMessages);
export const ExportMetricsServiceRequest = root.lookupType("otlp.ExportMetricsServiceRequest");
export const ExportMetricsServiceResponse = root.lookupType("otlp.ExportMetricsServiceResponse");
