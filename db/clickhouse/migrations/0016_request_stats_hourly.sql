-- Requests per hour and feature for the Overview: a request is a root span (no parent); its
-- count, errors and a t-digest of its duration (p50/p95/p99 merge across hours and features),
-- so the home page reads a few hundred rows per day whatever the span count. The feature is
-- the root's own: a feature carried only by a child span is not seen here (the usage rollups
-- attribute it; the Overview's cost figures come from them). Fed by span inserts through the
-- view; the writer inserts only spans not stored yet, so a retried export is not counted twice.
CREATE TABLE IF NOT EXISTS request_stats_hourly
(
    project_id LowCardinality(String),
    hour DateTime('UTC'),
    feature LowCardinality(String),
    requests SimpleAggregateFunction(sum, UInt64),
    errors SimpleAggregateFunction(sum, UInt64),
    duration_ms AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, feature);

CREATE MATERIALIZED VIEW IF NOT EXISTS request_stats_hourly_mv TO request_stats_hourly AS
SELECT project_id, toStartOfHour(start_time) AS hour, feature,
       count() AS requests, countIf(status = 'error') AS errors,
       quantilesTDigestState(0.5, 0.95, 0.99)(duration_ms) AS duration_ms
FROM spans WHERE parent_span_id = ''
GROUP BY project_id, hour, feature;

-- Root spans stored before this migration.
INSERT INTO request_stats_hourly
SELECT project_id, toStartOfHour(start_time) AS hour, feature,
       count(), countIf(status = 'error'), quantilesTDigestState(0.5, 0.95, 0.99)(duration_ms)
FROM (SELECT project_id, start_time, feature, status, duration_ms FROM spans FINAL WHERE parent_span_id = '')
GROUP BY project_id, hour, feature;
