import { describe, expect, it, vi } from "vitest";

// The server's bootstrap opens the ingest log with its own copy of these modules and the routes
// map its errors with theirs (Next bundles them apart): a fresh module registry stands for the
// other bundle.
async function otherBundle() {
  vi.resetModules();
  return {
    writer: await import("../writer/batch-writer"),
    log: await import("../log/ingest-log"),
    store: await import("@/db/store-error"),
  };
}

describe("ingest errors across bundles", () => {
  it("are answered by kind, whichever copy of their module threw them", async () => {
    const { ingestFailure } = await import("./errors");
    const { BackPressureError } = await import("../writer/batch-writer");
    const thrower = await otherBundle();
    expect(thrower.writer.BackPressureError).not.toBe(BackPressureError);

    const busy = ingestFailure(new thrower.writer.BackPressureError(7));
    expect(busy).toMatchObject({ httpStatus: 429, retryAfterSeconds: 7 });
    expect(ingestFailure(new thrower.log.LogFullError(3))).toMatchObject({ httpStatus: 503, retryAfterSeconds: 3 });
    expect(ingestFailure(new thrower.writer.ShuttingDownError("stopping")).httpStatus).toBe(503);
    expect(ingestFailure(new thrower.store.StoreError("clickhouse_rejected", "bad row")).httpStatus).toBe(400);
    expect(ingestFailure(new Error("a bug")).httpStatus).toBe(500);
    // Kinds stay apart.
    expect(new thrower.log.LogFullError(1)).not.toBeInstanceOf(BackPressureError);
  });
});
