-- A narrow time-ordered index of traces: the trace list finds the newest traces in a time
-- window here, then aggregates only those from the `traces` rollup (which is ordered by
-- trace id, so that resent and late spans merge). One row per inserted span; (project, time)
-- leads the key, so a window is a range read.
CREATE TABLE IF NOT EXISTS trace_index
(
    project_id LowCardinality(String),
    start_time DateTime64(6, 'UTC'),
    trace_id String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(start_time)
ORDER BY (project_id, start_time);

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_index_mv TO trace_index AS
SELECT project_id, start_time, trace_id FROM spans;

INSERT INTO trace_index SELECT project_id, start_time, trace_id FROM spans;
