ALTER TABLE trace_index ON CLUSTER `prod` ADD COLUMN IF NOT EXISTS is_error UInt8 DEFAULT 0;

DROP VIEW IF EXISTS trace_index_mv ON CLUSTER `prod`;

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_index_mv ON CLUSTER `prod` TO trace_index AS
SELECT project_id, start_time, trace_id, toUInt8(status = 'error') AS is_error FROM spans;

TRUNCATE TABLE trace_index;

INSERT INTO trace_index SELECT project_id, start_time, trace_id, toUInt8(status = 'error') FROM spans;
