CREATE TABLE IF NOT EXISTS scores ON CLUSTER `prod`
(
    project_id LowCardinality(String),
    trace_id String,
    span_id String,
    name LowCardinality(String),
    source LowCardinality(String),
    value Nullable(Float64),
    label String,
    comment String CODEC(ZSTD(3)),
    author String,
    score_time DateTime64(3, 'UTC'),
    trace_time DateTime64(6, 'UTC'),
    trace_found UInt8,
    tenant String,
    feature String,
    model LowCardinality(String),
    prompt_name String,
    prompt_version String,
    written_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplicatedReplacingMergeTree(written_at)
PARTITION BY toYYYYMM(trace_time)
ORDER BY (project_id, trace_id, span_id, name, source);
