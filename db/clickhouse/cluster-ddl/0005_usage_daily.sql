CREATE TABLE IF NOT EXISTS usage_daily ON CLUSTER `prod`
(
    project_id LowCardinality(String),
    hour DateTime('UTC'),
    tenant String,
    feature String,
    model LowCardinality(String),
    kind LowCardinality(String),
    gpu_type LowCardinality(String),
    tier_tokens UInt64,
    cost_reported UInt8,
    spans Int64,
    error_spans Int64,
    input_tokens Int64,
    cached_input_tokens Int64,
    output_tokens Int64,
    gpu_seconds Float64,
    reported_cost_usd Float64
)
ENGINE = ReplicatedSummingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported);

CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_mv ON CLUSTER `prod` TO usage_daily AS
SELECT project_id, toStartOfDay(hour) AS hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported,
       spans, error_spans, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd
FROM usage_hourly;

INSERT INTO usage_daily
SELECT project_id, toStartOfDay(hour), tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported,
       spans, error_spans, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd
FROM usage_hourly;
