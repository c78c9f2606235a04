-- Quality scores on traces and spans (span_id '' = the whole trace). The last write for the
-- same (trace, span, name, source) wins: ReplacingMergeTree on written_at, and reads take the
-- latest version with argMax, since merges may not have happened yet.
-- The scored trace's attribution is copied in when the score is written, so quality views
-- split by model, prompt version, feature and tenant without joining spans:
--   trace_time: when the scored span (or trace) started; the score's own time while the trace
--     is not known yet (trace_found = 0). The writer re-writes such rows once the trace
--     arrives; after the grace window they are reported as orphaned.
CREATE TABLE IF NOT EXISTS scores
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
ENGINE = ReplacingMergeTree(written_at)
PARTITION BY toYYYYMM(trace_time)
ORDER BY (project_id, trace_id, span_id, name, source);
