-- A trace's tenant and feature, decided the same way whatever order its spans arrive in and
-- whichever merge comes first (lib/domain/usage/trace-attribution.ts is the JS twin): among the
-- spans that have a value, the root's, then the earliest span's, then the smallest span id's.
-- 0002's argMax over (has a value, is the root) left a tie between non-root spans to chance,
-- so two children with different tenants could give the list one tenant and the usage rows
-- another. An argMin state over (no value, not the root, start in µs, span id) replaces it:
-- the old states cannot be converted, so the columns are dropped, added anew and refilled from
-- the spans with one neutral row per trace (its first span time as min and max, no spans,
-- empty states elsewhere), as the writer's correction rows are. Rerunning from the top after a
-- failure drops and refills again.
DROP VIEW IF EXISTS traces_mv;

ALTER TABLE traces DROP COLUMN IF EXISTS tenant;

ALTER TABLE traces DROP COLUMN IF EXISTS feature;

ALTER TABLE traces ADD COLUMN IF NOT EXISTS tenant AggregateFunction(argMin, String, Tuple(UInt8, UInt8, Int64, String)) AFTER name;

ALTER TABLE traces ADD COLUMN IF NOT EXISTS feature AggregateFunction(argMin, String, Tuple(UInt8, UInt8, Int64, String)) AFTER tenant;

INSERT INTO traces (project_id, trace_id, start_time, end_time, tenant, feature)
SELECT project_id, trace_id, min(start_time) AS first_start, first_start,
       argMinState(toString(tenant), tuple(toUInt8(tenant = ''), toUInt8(parent_span_id != ''), toUnixTimestamp64Micro(start_time), span_id)),
       argMinState(toString(feature), tuple(toUInt8(feature = ''), toUInt8(parent_span_id != ''), toUnixTimestamp64Micro(start_time), span_id))
FROM spans
GROUP BY project_id, trace_id;

-- The inner SELECT renames source columns so that no output alias shadows an input column.
CREATE MATERIALIZED VIEW IF NOT EXISTS traces_mv TO traces AS
SELECT
    project_id,
    trace_id,
    min(s_start) AS start_time,
    max(s_end) AS end_time,
    argMaxState(s_name, tuple(s_is_root, -s_start_us)) AS name,
    argMinState(s_tenant, tuple(toUInt8(s_tenant = ''), toUInt8(NOT s_is_root), s_start_us, s_span_id)) AS tenant,
    argMinState(s_feature, tuple(toUInt8(s_feature = ''), toUInt8(NOT s_is_root), s_start_us, s_span_id)) AS feature,
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
