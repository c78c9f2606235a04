CREATE TABLE IF NOT EXISTS request_stats_hourly ON CLUSTER `prod`
(
    project_id LowCardinality(String),
    hour DateTime('UTC'),
    feature LowCardinality(String),
    requests SimpleAggregateFunction(sum, UInt64),
    errors SimpleAggregateFunction(sum, UInt64),
    duration_ms AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float64)
)
ENGINE = ReplicatedAggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, feature);

CREATE MATERIALIZED VIEW IF NOT EXISTS request_stats_hourly_mv ON CLUSTER `prod` TO request_stats_hourly AS
SELECT project_id, toStartOfHour(start_time) AS hour, feature,
       count() AS requests, countIf(status = 'error') AS errors,
       quantilesTDigestState(0.5, 0.95, 0.99)(duration_ms) AS duration_ms
FROM spans WHERE parent_span_id = ''
GROUP BY project_id, hour, feature;

INSERT INTO request_stats_hourly
SELECT project_id, toStartOfHour(start_time) AS hour, feature,
       count(), countIf(status = 'error'), quantilesTDigestState(0.5, 0.95, 0.99)(duration_ms)
FROM (SELECT project_id, start_time, feature, status, duration_ms FROM spans FINAL WHERE parent_span_id = '')
GROUP BY project_id, hour, feature;
