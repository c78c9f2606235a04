CREATE TABLE IF NOT EXISTS trace_index ON CLUSTER `prod`
(
    project_id LowCardinality(String),
    start_time DateTime64(6, 'UTC'),
    trace_id String
)
ENGINE = ReplicatedMergeTree
PARTITION BY toYYYYMM(start_time)
ORDER BY (project_id, start_time);

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_index_mv ON CLUSTER `prod` TO trace_index AS
SELECT project_id, start_time, trace_id FROM spans;

INSERT INTO trace_index SELECT project_id, start_time, trace_id FROM spans;
