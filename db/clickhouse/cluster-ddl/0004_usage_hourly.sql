CREATE TABLE IF NOT EXISTS usage_hourly ON CLUSTER `prod`
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

INSERT INTO usage_hourly
SELECT s.project_id, toStartOfHour(s.start_time) AS hour,
       if(s.tenant != '', toString(s.tenant), t.tenant) AS tenant_, if(s.feature != '', toString(s.feature), t.feature) AS feature_,
       if(s.response_model != '', toString(s.response_model), toString(s.model)) AS model_, toString(s.kind) AS kind_, toString(s.gpu_type) AS gpu_type_,
       if(s.input_tokens >= 32000, s.input_tokens, 0) AS tier_tokens_, toUInt8(s.reported_cost_usd IS NOT NULL) AS cost_reported_,
       count(), countIf(s.status = 'error'), sum(s.input_tokens), sum(least(s.cached_input_tokens, s.input_tokens)), sum(s.output_tokens),
       sum(s.gpu_seconds), sum(ifNull(s.reported_cost_usd, 0))
FROM (SELECT project_id, trace_id, start_time, status, tenant, feature, model, response_model, kind, gpu_type, input_tokens, cached_input_tokens, output_tokens, gpu_seconds, reported_cost_usd FROM spans FINAL) AS s
LEFT JOIN (
    SELECT project_id, trace_id, argMaxMerge(tenant) AS tenant, argMaxMerge(feature) AS feature FROM traces GROUP BY project_id, trace_id
) AS t ON s.project_id = t.project_id AND s.trace_id = t.trace_id
GROUP BY s.project_id, hour, tenant_, feature_, model_, kind_, gpu_type_, tier_tokens_, cost_reported_;
