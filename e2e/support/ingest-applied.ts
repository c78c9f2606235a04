import { expect, type APIRequestContext } from "@playwright/test";

/**
 * Read-your-writes in the browser tests: ingest answers once rows are in its durable log, and
 * the applier makes them readable shortly after. Waits until /api/health reports nothing
 * acknowledged left unapplied (the condition, polled; never a fixed sleep).
 */
export async function waitIngestApplied(request: APIRequestContext): Promise<void> {
  await expect
    .poll(
      async () =>
        ((await (await request.get("/api/health")).json()) as { ingestLog?: { backlogBytes: number } }).ingestLog
          ?.backlogBytes ?? 0,
      { timeout: 30_000 },
    )
    .toBe(0);
}
