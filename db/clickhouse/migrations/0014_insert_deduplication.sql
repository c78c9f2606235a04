-- The ingest log's applier inserts each prepared batch with `insert_deduplication_token`, so
-- that a batch replayed after a crash is dropped by the tables that already committed it. A
-- non-replicated MergeTree keeps no block hashes unless it has a window; views' target tables
-- need one too (inserts set deduplicate_blocks_in_dependent_materialized_views). Inserts that
-- are not a replay get a token of their own (db/clickhouse/client.ts), so identical unrelated
-- inserts are never dropped. Replicated tables have their own window already.
ALTER TABLE spans MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE traces MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE trace_index MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE trace_usage MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE usage_hourly MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE usage_daily MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE scores MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE logs MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE metric_points MODIFY SETTING non_replicated_deduplication_window = 1000;
