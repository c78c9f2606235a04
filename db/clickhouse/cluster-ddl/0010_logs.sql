CREATE TABLE IF NOT EXISTS logs ON CLUSTER `prod`
(
    project_id LowCardinality(String),
    trace_id String,
    span_id String,
    time DateTime64(6, 'UTC'),
    time_ns UInt16,
    observed_time DateTime64(6, 'UTC'),
    seq UInt32,
    severity_number UInt8,
    severity_text LowCardinality(String),
    event_name LowCardinality(String),
    body String CODEC(ZSTD(3)),
    body_truncated UInt8,
    attributes Map(String, String) CODEC(ZSTD(3)),
    resource_attributes Map(String, String) CODEC(ZSTD(3)),
    service_name LowCardinality(String),
    scope_name LowCardinality(String),
    record_hash String,
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplicatedReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(time)
ORDER BY (project_id, trace_id, span_id, time, record_hash);
