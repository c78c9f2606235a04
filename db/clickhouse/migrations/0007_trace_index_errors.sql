-- Each row of the time-ordered trace index says whether its span failed, so the failures list
-- aggregates only the traces that have a failing span, not every trace in its time window.
ALTER TABLE trace_index ADD COLUMN IF NOT EXISTS is_error UInt8 DEFAULT 0;

DROP VIEW IF EXISTS trace_index_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_index_mv TO trace_index AS
SELECT project_id, start_time, trace_id, toUInt8(status = 'error') AS is_error FROM spans;

-- Rows written before this migration say 0: refill the index from the spans.
TRUNCATE TABLE trace_index;

INSERT INTO trace_index SELECT project_id, start_time, trace_id, toUInt8(status = 'error') FROM spans;
