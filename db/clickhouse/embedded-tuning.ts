import "server-only";
import type { ClickHouseClient } from "./client";

// The embedded engine takes ingest as many small inserts (one per writer flush, at most a few
// thousand spans), where a server gets them batched by async_insert. With the default merge
// selector (base 5) `spans` is rewritten at every level of a narrow merge tree, and merging
// cost as much CPU as inserting (bench: 38-47 us per span). A wider base merges more parts at
// once and fewer times (18-25 us per span), at the cost of a few more parts between merges,
// which reads by trace id barely feel. Applied at every start; it is a table setting.
export const EMBEDDED_SPANS_MERGE_SELECTOR_BASE = 20;

// A horizontal merge of span parts holds a read and a write buffer for each of ~50 columns of
// each part it merges, and merges run beside the inserts: the engine's tracked memory peaked at
// 200-420 MB under ingest. A vertical merge takes one column at a time (peak 50-120 MB, bench).
const VERTICAL_MERGES =
  "vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1";

export async function tuneEmbeddedEngine(client: ClickHouseClient): Promise<void> {
  await client.command({
    query: `ALTER TABLE spans MODIFY SETTING merge_selector_base = ${EMBEDDED_SPANS_MERGE_SELECTOR_BASE}, ${VERTICAL_MERGES}`,
  });
}
