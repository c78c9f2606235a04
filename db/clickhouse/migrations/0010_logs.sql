-- OTLP log records. Sorted by trace and span so that a trace's logs read as one range; records
-- without a trace (trace_id '') sit together in time order, which is what the log list reads.
-- An exporter that resends a request sends identical records: record_hash is a hash of the
-- record's content (ids, times, severity, event name, body, attributes, resource, scope), so
-- copies share one sorting key and collapse on merge; reads take one row per hash meanwhile.
-- time keeps microseconds; time_ns the nanoseconds past them, so that records an SDK emits in
-- one burst (often one request each) keep their order. seq is the record's position in its request.
CREATE TABLE IF NOT EXISTS logs
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
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(time)
ORDER BY (project_id, trace_id, span_id, time, record_hash);
