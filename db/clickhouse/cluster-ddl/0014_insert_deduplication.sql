ALTER TABLE spans ON CLUSTER `prod` MODIFY SETTING non_replicated_deduplication_window = 1000;

ALTER TABLE traces ON CLUSTER `prod` MODIFY SETTING non_replicated_deduplication_window = 1000;

ALTER TABLE trace_index ON CLUSTER `prod` MODIFY SETTING non_replicated_deduplication_window = 1000;

ALTER TABLE trace_usage ON CLUSTER `prod` MODIFY SETTING non_replicated_deduplication_window = 1000;

ALTER TABLE usage_hourly ON CLUSTER `prod` MODIFY SETTING non_replicated_deduplication_window = 1000;

ALTER TABLE usage_daily ON CLUSTER `prod` MODIFY SETTING non_replicated_deduplication_window = 1000;

ALTER TABLE scores ON CLUSTER `prod` MODIFY SETTING non_replicated_deduplication_window = 1000;

ALTER TABLE logs ON CLUSTER `prod` MODIFY SETTING non_replicated_deduplication_window = 1000;

ALTER TABLE metric_points ON CLUSTER `prod` MODIFY SETTING non_replicated_deduplication_window = 1000;
