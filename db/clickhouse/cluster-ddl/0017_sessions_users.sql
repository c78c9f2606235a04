ALTER TABLE spans ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS session_id String DEFAULT '' AFTER feature, ADD COLUMN IF NOT EXISTS user_id String DEFAULT '' AFTER session_id;

ALTER TABLE traces ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS session_id AggregateFunction(argMin, String, Tuple(UInt8, UInt8, Int64, String)) AFTER feature, ADD COLUMN IF NOT EXISTS user_id AggregateFunction(argMin, String, Tuple(UInt8, UInt8, Int64, String)) AFTER session_id;

DROP VIEW IF EXISTS traces_mv ON CLUSTER `prod`;

CREATE MATERIALIZED VIEW IF NOT EXISTS traces_mv ON CLUSTER `prod` TO traces AS
SELECT
    project_id,
    trace_id,
    min(s_start) AS start_time,
    max(s_end) AS end_time,
    argMaxState(s_name, tuple(s_is_root, -s_start_us)) AS name,
    argMinState(s_tenant, tuple(toUInt8(s_tenant = ''), toUInt8(NOT s_is_root), s_start_us, s_span_id)) AS tenant,
    argMinState(s_feature, tuple(toUInt8(s_feature = ''), toUInt8(NOT s_is_root), s_start_us, s_span_id)) AS feature,
    argMinState(s_session, tuple(toUInt8(s_session = ''), toUInt8(NOT s_is_root), s_start_us, s_span_id)) AS session_id,
    argMinState(s_user, tuple(toUInt8(s_user = ''), toUInt8(NOT s_is_root), s_start_us, s_span_id)) AS user_id,
    argMaxState(s_error, tuple(toUInt8(s_is_error), -s_start_us)) AS error_message,
    groupUniqArrayArray(if(s_model != '', [s_model], [])) AS models,
    groupUniqArray(s_kind) AS kinds,
    count() AS span_count,
    countIf(s_is_error) AS error_count,
    sum(if(s_counted, toInt64(s_input_tokens), 0)) AS input_tokens,
    sum(if(s_counted, toInt64(s_output_tokens), 0)) AS output_tokens,
    sum(if(s_counted, toInt64(s_cached_input_tokens), 0)) AS cached_input_tokens,
    sum(if(s_counted, s_cost, 0)) AS reported_cost_usd,
    sum(if(s_counted, s_gpu_seconds, 0)) AS gpu_seconds
FROM
(
    SELECT
        project_id,
        trace_id,
        span_id AS s_span_id,
        start_time AS s_start,
        end_time AS s_end,
        toUnixTimestamp64Micro(start_time) AS s_start_us,
        toUInt8(parent_span_id = '') AS s_is_root,
        name AS s_name,
        toString(tenant) AS s_tenant,
        toString(feature) AS s_feature,
        session_id AS s_session,
        user_id AS s_user,
        toString(model) AS s_model,
        toString(kind) AS s_kind,
        status = 'error' AS s_is_error,
        if(status = 'error', if(status_message != '', status_message, if(exception_message != '', exception_message, name)), '') AS s_error,
        usage_counted = 1 AS s_counted,
        input_tokens AS s_input_tokens,
        output_tokens AS s_output_tokens,
        cached_input_tokens AS s_cached_input_tokens,
        ifNull(reported_cost_usd, 0) AS s_cost,
        gpu_seconds AS s_gpu_seconds
    FROM spans
)
GROUP BY project_id, trace_id;

ALTER TABLE trace_index ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS session_id String DEFAULT '', ADD COLUMN IF NOT EXISTS user_id String DEFAULT '';

DROP VIEW IF EXISTS trace_index_mv ON CLUSTER `prod`;

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_index_mv ON CLUSTER `prod` TO trace_index AS
SELECT project_id, start_time, trace_id, toUInt8(status = 'error') AS is_error, session_id, user_id FROM spans;

CREATE TABLE IF NOT EXISTS session_traces ON CLUSTER `prod`
(
    project_id LowCardinality(String),
    session_id String,
    trace_id String,
    start_time SimpleAggregateFunction(min, DateTime64(6, 'UTC'))
)
ENGINE = ReplicatedAggregatingMergeTree
ORDER BY (project_id, session_id, trace_id)
SETTINGS index_granularity = 256;

CREATE MATERIALIZED VIEW IF NOT EXISTS session_traces_mv ON CLUSTER `prod` TO session_traces AS
SELECT project_id, session_id, trace_id, min(start_time) AS start_time
FROM spans WHERE session_id != ''
GROUP BY project_id, session_id, trace_id;

ALTER TABLE usage_hourly ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS user_id String, MODIFY ORDER BY (project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported, user_id);

ALTER TABLE usage_daily ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS user_id String, MODIFY ORDER BY (project_id, hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported, user_id);

DROP VIEW IF EXISTS usage_daily_mv ON CLUSTER `prod`;

CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_mv ON CLUSTER `prod` TO usage_daily AS
SELECT project_id, toStartOfDay(hour) AS hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported,
       spans, error_spans, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd,
       ttft_ms_sum, ttft_count, tpot_ms_sum, tpot_count, user_id
FROM usage_hourly;

ALTER TABLE scores ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS session_id String, MODIFY ORDER BY (project_id, trace_id, span_id, name, source, session_id);
