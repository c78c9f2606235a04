-- OTLP metric data points (POST /v1/metrics), one row per point, every metric kept.
--   series_id: hash of the point's identity (resource, scope, attributes); with metric_name and
--     time it is the key, so a resent identical point replaces itself (ReplacingMergeTree;
--     reads use FINAL, since merges may lag).
--   host, pod, namespace, gpu_index, gpu_uuid, gpu_model, service, model: the series identity
--     by resource, read from the OTel names and the DCGM exporter's labels alike.
--   value: gauges and sums. count/sum/min/max, bounds and bucket_counts: histograms.
--   scale, zero_count, *_offset, *_counts: exponential histograms. quantiles: summaries.
--   retention_days: METRICS_RETENTION_DAYS when the point was written (default 30); the TTL
--     drops a day's part once all its points have expired.
CREATE TABLE IF NOT EXISTS metric_points
(
    project_id LowCardinality(String),
    metric_name LowCardinality(String),
    series_id String,
    time DateTime64(6, 'UTC'),
    start_time DateTime64(6, 'UTC'),
    unit LowCardinality(String),
    type LowCardinality(String),
    temporality LowCardinality(String),
    monotonic UInt8,
    service LowCardinality(String),
    host LowCardinality(String),
    pod String,
    namespace LowCardinality(String),
    gpu_index LowCardinality(String),
    gpu_uuid LowCardinality(String),
    gpu_model LowCardinality(String),
    model LowCardinality(String),
    scope_name LowCardinality(String),
    resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    value Float64,
    count UInt64,
    sum Float64,
    min Nullable(Float64),
    max Nullable(Float64),
    bounds Array(Float64) CODEC(ZSTD(3)),
    bucket_counts Array(UInt64) CODEC(ZSTD(3)),
    scale Int32,
    zero_count UInt64,
    positive_offset Int32,
    positive_counts Array(UInt64) CODEC(ZSTD(3)),
    negative_offset Int32,
    negative_counts Array(UInt64) CODEC(ZSTD(3)),
    quantiles Array(Float64),
    quantile_values Array(Float64),
    retention_days UInt16,
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toDate(time)
ORDER BY (project_id, metric_name, series_id, time)
TTL toDateTime(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;
