import { ingestPipeline } from "@/ingest/log/ingest-log";

/**
 * Read-your-writes for tests: resolves once everything ingest has acknowledged so far is
 * applied to the tables. A 2xx from ingest means durable, not yet readable.
 */
export async function waitApplied(): Promise<void> {
  await (await ingestPipeline()).waitApplied();
}
