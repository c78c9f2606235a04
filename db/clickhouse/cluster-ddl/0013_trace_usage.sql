CREATE TABLE IF NOT EXISTS trace_usage ON CLUSTER `prod`
(
    project_id LowCardinality(String),
    trace_id String,
    hour DateTime('UTC'),
    model LowCardinality(String),
    gpu_type LowCardinality(String),
    tier_tokens UInt64,
    cost_reported UInt8,
    input_tokens Int64,
    cached_input_tokens Int64,
    output_tokens Int64,
    gpu_seconds Float64,
    reported_cost_usd Float64
)
ENGINE = ReplicatedSummingMergeTree
ORDER BY (project_id, trace_id, hour, model, gpu_type, tier_tokens, cost_reported)
SETTINGS index_granularity = 256;

INSERT INTO trace_usage
SELECT project_id, trace_id, toStartOfHour(start_time) AS hour_,
       if(response_model != '', toString(response_model), toString(model)) AS model_, toString(gpu_type) AS gpu_type_,
       if(input_tokens >= 32000, input_tokens, 0) AS tier_tokens_, toUInt8(reported_cost_usd IS NOT NULL) AS cost_reported_,
       sum(toInt64(input_tokens)), sum(toInt64(least(cached_input_tokens, input_tokens))), sum(toInt64(output_tokens)),
       sum(gpu_seconds), sum(ifNull(reported_cost_usd, 0))
FROM spans FINAL
WHERE usage_counted = 1 AND (input_tokens + output_tokens > 0 OR gpu_seconds > 0 OR reported_cost_usd IS NOT NULL)
GROUP BY project_id, trace_id, hour_, model_, gpu_type_, tier_tokens_, cost_reported_;

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_usage_mv ON CLUSTER `prod` TO trace_usage AS
SELECT
    project_id,
    trace_id,
    toStartOfHour(s_start) AS hour,
    if(s_response_model != '', s_response_model, s_model) AS model,
    s_gpu_type AS gpu_type,
    if(s_input >= 32000, s_input, 0) AS tier_tokens,
    toUInt8(s_reported IS NOT NULL) AS cost_reported,
    sum(toInt64(s_input)) AS input_tokens,
    sum(toInt64(least(s_cached, s_input))) AS cached_input_tokens,
    sum(toInt64(s_output)) AS output_tokens,
    sum(s_gpu_seconds) AS gpu_seconds,
    sum(ifNull(s_reported, 0)) AS reported_cost_usd
FROM
(
    SELECT
        project_id,
        trace_id,
        start_time AS s_start,
        toString(model) AS s_model,
        toString(response_model) AS s_response_model,
        toString(gpu_type) AS s_gpu_type,
        input_tokens AS s_input,
        cached_input_tokens AS s_cached,
        output_tokens AS s_output,
        gpu_seconds AS s_gpu_seconds,
        reported_cost_usd AS s_reported,
        usage_counted AS s_counted
    FROM spans
)
WHERE s_counted = 1 AND (s_input + s_output > 0 OR s_gpu_seconds > 0 OR s_reported IS NOT NULL)
GROUP BY project_id, trace_id, hour, model, gpu_type, tier_tokens, cost_reported;
