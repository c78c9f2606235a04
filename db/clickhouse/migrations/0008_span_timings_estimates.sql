-- Normalization fidelity: time per output token (TPOT) and whether a span's token counts were
-- estimated from its content (the library sent messages but no counts) rather than reported.
ALTER TABLE spans ADD COLUMN IF NOT EXISTS time_per_output_token_ms Nullable(Float64), ADD COLUMN IF NOT EXISTS usage_estimated UInt8 DEFAULT 0;

-- Latency figures beside the cost ones: sums and counts of TTFT and TPOT per rollup key, so an
-- average over any range and grouping is sum / count (SummingMergeTree adds them up). Rows
-- written before this migration say 0 for both, which only leaves them out of the averages.
ALTER TABLE usage_hourly ADD COLUMN IF NOT EXISTS ttft_ms_sum Float64 DEFAULT 0, ADD COLUMN IF NOT EXISTS ttft_count Int64 DEFAULT 0, ADD COLUMN IF NOT EXISTS tpot_ms_sum Float64 DEFAULT 0, ADD COLUMN IF NOT EXISTS tpot_count Int64 DEFAULT 0;

ALTER TABLE usage_daily ADD COLUMN IF NOT EXISTS ttft_ms_sum Float64 DEFAULT 0, ADD COLUMN IF NOT EXISTS ttft_count Int64 DEFAULT 0, ADD COLUMN IF NOT EXISTS tpot_ms_sum Float64 DEFAULT 0, ADD COLUMN IF NOT EXISTS tpot_count Int64 DEFAULT 0;

-- The daily view must carry the new sums.
DROP VIEW IF EXISTS usage_daily_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_mv TO usage_daily AS
SELECT project_id, toStartOfDay(hour) AS hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported,
       spans, error_spans, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd,
       ttft_ms_sum, ttft_count, tpot_ms_sum, tpot_count
FROM usage_hourly;
