CREATE TABLE IF NOT EXISTS traces ON CLUSTER `prod`
(
    project_id LowCardinality(String),
    trace_id String,
    start_time SimpleAggregateFunction(min, DateTime64(6, 'UTC')),
    end_time SimpleAggregateFunction(max, DateTime64(6, 'UTC')),
    name AggregateFunction(argMax, String, Tuple(UInt8, Int64)),
    tenant AggregateFunction(argMax, String, Tuple(UInt8, UInt8)),
    feature AggregateFunction(argMax, String, Tuple(UInt8, UInt8)),
    error_message AggregateFunction(argMax, String, Tuple(UInt8, Int64)),
    models SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    kinds SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    span_count SimpleAggregateFunction(sum, UInt64),
    error_count SimpleAggregateFunction(sum, UInt64),
    input_tokens SimpleAggregateFunction(sum, UInt64),
    output_tokens SimpleAggregateFunction(sum, UInt64),
    cached_input_tokens SimpleAggregateFunction(sum, UInt64),
    reported_cost_usd SimpleAggregateFunction(sum, Float64),
    gpu_seconds SimpleAggregateFunction(sum, Float64)
)
ENGINE = ReplicatedAggregatingMergeTree
ORDER BY (project_id, trace_id)
SETTINGS index_granularity = 256;

CREATE MATERIALIZED VIEW IF NOT EXISTS traces_mv ON CLUSTER `prod` TO traces AS
SELECT
    project_id,
    trace_id,
    min(s_start) AS start_time,
    max(s_end) AS end_time,
    argMaxState(s_name, tuple(s_is_root, -s_start_us)) AS name,
    argMaxState(s_tenant, tuple(toUInt8(s_tenant != ''), s_is_root)) AS tenant,
    argMaxState(s_feature, tuple(toUInt8(s_feature != ''), s_is_root)) AS feature,
    argMaxState(s_error, tuple(toUInt8(s_is_error), -s_start_us)) AS error_message,
    groupUniqArrayArray(if(s_model != '', [s_model], [])) AS models,
    groupUniqArray(s_kind) AS kinds,
    count() AS span_count,
    countIf(s_is_error) AS error_count,
    sum(s_input_tokens) AS input_tokens,
    sum(s_output_tokens) AS output_tokens,
    sum(s_cached_input_tokens) AS cached_input_tokens,
    sum(s_cost) AS reported_cost_usd,
    sum(s_gpu_seconds) AS gpu_seconds
FROM
(
    SELECT
        project_id,
        trace_id,
        start_time AS s_start,
        end_time AS s_end,
        toUnixTimestamp64Micro(start_time) AS s_start_us,
        toUInt8(parent_span_id = '') AS s_is_root,
        name AS s_name,
        toString(tenant) AS s_tenant,
        toString(feature) AS s_feature,
        toString(model) AS s_model,
        toString(kind) AS s_kind,
        status = 'error' AS s_is_error,
        if(status = 'error', if(status_message != '', status_message, if(exception_message != '', exception_message, name)), '') AS s_error,
        input_tokens AS s_input_tokens,
        output_tokens AS s_output_tokens,
        cached_input_tokens AS s_cached_input_tokens,
        ifNull(reported_cost_usd, 0) AS s_cost,
        gpu_seconds AS s_gpu_seconds
    FROM spans
)
GROUP BY project_id, trace_id;
