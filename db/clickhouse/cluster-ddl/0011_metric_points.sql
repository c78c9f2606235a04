CREATE TABLE IF NOT EXISTS metric_points ON CLUSTER `prod`
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
ENGINE = ReplicatedReplacingMergeTree(ingested_at)
PARTITION BY toDate(time)
ORDER BY (project_id, metric_name, series_id, time)
TTL toDateTime(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;
