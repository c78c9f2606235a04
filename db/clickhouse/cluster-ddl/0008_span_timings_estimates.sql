ALTER TABLE spans ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS time_per_output_token_ms Nullable(Float64), ADD COLUMN IF NOT EXISTS usage_estimated UInt8 DEFAULT 0;

ALTER TABLE usage_hourly ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS ttft_ms_sum Float64 DEFAULT 0, ADD COLUMN IF NOT EXISTS ttft_count Int64 DEFAULT 0, ADD COLUMN IF NOT EXISTS tpot_ms_sum Float64 DEFAULT 0, ADD COLUMN IF NOT EXISTS tpot_count Int64 DEFAULT 0;

ALTER TABLE usage_daily ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS ttft_ms_sum Float64 DEFAULT 0, ADD COLUMN IF NOT EXISTS ttft_count Int64 DEFAULT 0, ADD COLUMN IF NOT EXISTS tpot_ms_sum Float64 DEFAULT 0, ADD COLUMN IF NOT EXISTS tpot_count Int64 DEFAULT 0;

DROP VIEW IF EXISTS usage_daily_mv ON CLUSTER `prod`;

CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_mv ON CLUSTER `prod` TO usage_daily AS
SELECT project_id, toStartOfDay(hour) AS hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported,
       spans, error_spans, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd,
       ttft_ms_sum, ttft_count, tpot_ms_sum, tpot_count
FROM usage_hourly;
