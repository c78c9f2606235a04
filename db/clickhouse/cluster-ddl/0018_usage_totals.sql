CREATE TABLE IF NOT EXISTS usage_hourly_totals ON CLUSTER `prod`
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
    reported_cost_usd Float64,
    ttft_ms_sum Float64,
    ttft_count Int64,
    tpot_ms_sum Float64,
    tpot_count Int64
)
ENGINE = ReplicatedSummingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS usage_daily_totals ON CLUSTER `prod`
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
    reported_cost_usd Float64,
    ttft_ms_sum Float64,
    ttft_count Int64,
    tpot_ms_sum Float64,
    tpot_count Int64
)
ENGINE = ReplicatedSummingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS usage_hourly_totals_mv ON CLUSTER `prod` TO usage_hourly_totals AS
SELECT project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported,
       sum(spans) AS spans, sum(error_spans) AS error_spans, sum(input_tokens) AS input_tokens,
       sum(cached_input_tokens) AS cached_input_tokens, sum(output_tokens) AS output_tokens,
       sum(gpu_seconds) AS gpu_seconds, sum(reported_cost_usd) AS reported_cost_usd,
       sum(ttft_ms_sum) AS ttft_ms_sum, sum(ttft_count) AS ttft_count, sum(tpot_ms_sum) AS tpot_ms_sum, sum(tpot_count) AS tpot_count
FROM usage_hourly
GROUP BY project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported;

CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_totals_mv ON CLUSTER `prod` TO usage_daily_totals AS
SELECT project_id, toStartOfDay(hour) AS hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported,
       sum(spans) AS spans, sum(error_spans) AS error_spans, sum(input_tokens) AS input_tokens,
       sum(cached_input_tokens) AS cached_input_tokens, sum(output_tokens) AS output_tokens,
       sum(gpu_seconds) AS gpu_seconds, sum(reported_cost_usd) AS reported_cost_usd,
       sum(ttft_ms_sum) AS ttft_ms_sum, sum(ttft_count) AS ttft_count, sum(tpot_ms_sum) AS tpot_ms_sum, sum(tpot_count) AS tpot_count
FROM usage_hourly
GROUP BY project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported;

INSERT INTO usage_hourly_totals
SELECT project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported,
       sum(spans), sum(error_spans), sum(input_tokens), sum(cached_input_tokens), sum(output_tokens),
       sum(gpu_seconds), sum(reported_cost_usd), sum(ttft_ms_sum), sum(ttft_count), sum(tpot_ms_sum), sum(tpot_count)
FROM usage_hourly
GROUP BY project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported;

INSERT INTO usage_daily_totals
SELECT project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported,
       sum(spans), sum(error_spans), sum(input_tokens), sum(cached_input_tokens), sum(output_tokens),
       sum(gpu_seconds), sum(reported_cost_usd), sum(ttft_ms_sum), sum(ttft_count), sum(tpot_ms_sum), sum(tpot_count)
FROM usage_daily
GROUP BY project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported;
