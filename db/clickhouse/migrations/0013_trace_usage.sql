-- Counted usage per trace and price key, so the trace list prices a page in the engine from a
-- few rows per trace instead of reading and pricing every span in JavaScript. The key is what
-- pricing needs (lib/pricing/cost-sql.ts): the hour (price versions start at UTC midnight),
-- the model as priced (response model, else request model), the GPU type, the exact input size
-- of long-context calls (tier_tokens, as usage_hourly; 32000 = TIER_FLOOR_TOKENS) and whether
-- the span reported its own cost. Fed by the span inserts through the view below, counting
-- only spans inserted counted (spans.usage_counted, migration 0009); a stored span that becomes
-- an aggregate later gets a negated row from the writer (ingest/writer/trace-usage-corrections.ts),
-- as the `traces` rollup does. Sums are signed; rows that cancel out are dropped by merges.
CREATE TABLE IF NOT EXISTS trace_usage
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
ENGINE = SummingMergeTree
ORDER BY (project_id, trace_id, hour, model, gpu_type, tier_tokens, cost_reported)
-- Reads fetch a page of traces by id: small granules keep each lookup small.
SETTINGS index_granularity = 256;

-- Spans stored before this migration, as their flag says (a span that became an aggregate in
-- a later request still says counted here: `npm run usage:rebuild` applies the rule exactly).
INSERT INTO trace_usage
SELECT project_id, trace_id, toStartOfHour(start_time) AS hour_,
       if(response_model != '', toString(response_model), toString(model)) AS model_, toString(gpu_type) AS gpu_type_,
       if(input_tokens >= 32000, input_tokens, 0) AS tier_tokens_, toUInt8(reported_cost_usd IS NOT NULL) AS cost_reported_,
       sum(toInt64(input_tokens)), sum(toInt64(least(cached_input_tokens, input_tokens))), sum(toInt64(output_tokens)),
       sum(gpu_seconds), sum(ifNull(reported_cost_usd, 0))
FROM spans FINAL
WHERE usage_counted = 1 AND (input_tokens + output_tokens > 0 OR gpu_seconds > 0 OR reported_cost_usd IS NOT NULL)
GROUP BY project_id, trace_id, hour_, model_, gpu_type_, tier_tokens_, cost_reported_;

-- The inner SELECT renames source columns so that no output alias shadows an input column.
CREATE MATERIALIZED VIEW IF NOT EXISTS trace_usage_mv TO trace_usage AS
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
