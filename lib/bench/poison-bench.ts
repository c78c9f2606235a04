import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { genAiProtobufRequest } from "./fixtures";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * What isolating a refused request costs: one flush of `requests` requests of `spansPerRequest`
 * spans (each its own project), clean and with one request the store refuses (a GPU count a
 * UInt16 cannot hold, slipped past normalization), timed from the flush's start until every
 * request is answered, on a fresh embedded engine in this process. Median of `runs`.
 */
export async function benchPoisonedFlush({ requests = 16, spansPerRequest = 250, runs = 5 } = {}) {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "obs-poison-"));
  (await import("@/lib/config/env")).reloadEnv();
  const { clickhouse, closeClickHouse } = await import("@/db/clickhouse/client");
  const { migrateClickHouse } = await import("@/db/clickhouse/migrate");
  const { BatchWriter } = await import("@/ingest/writer/batch-writer");
  const { decodeProtobuf } = await import("@/ingest/otlp/decode-protobuf");
  const { normalizeAll } = await import("@/ingest/normalize/normalize-all");
  await migrateClickHouse((await clickhouse()).client);
  const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 256 * 1024 };

  const flush = async (poisoned: boolean, run: number) => {
    const batch = Array.from({ length: requests }, (_, i) => {
      const { rows, scores } = normalizeAll(
        `bench-${poisoned ? "p" : "c"}-${run}-${i}`,
        decodeProtobuf(genAiProtobufRequest(spansPerRequest)),
        settings,
      );
      if (poisoned && i === requests >> 1) rows[0] = { ...rows[0]!, gpu_type: "H100", gpu_count: 70_000 };
      return { rows, scores };
    });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const writer = new BatchWriter({ lingerMs: 0, holdFlush: () => gate });
    const answers = batch.map((r) =>
      writer.write(r.rows, r.scores).then(
        () => "ok",
        () => "refused",
      ),
    );
    const started = performance.now();
    open();
    const outcome = await Promise.all(answers);
    const ms = performance.now() - started;
    if (outcome.filter((o) => o === "refused").length !== (poisoned ? 1 : 0))
      throw new Error(`unexpected outcome: ${outcome.join(",")}`);
    return ms;
  };

  const clean: number[] = [];
  const poisoned: number[] = [];
  await flush(false, -1); // warm-up: column metadata, first parts
  for (let run = 0; run < runs; run++) {
    clean.push(await flush(false, run));
    poisoned.push(await flush(true, run));
  }
  await closeClickHouse();
  await (await import("chdb")).drainPending();
  fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
  return { cleanMs: median(clean), poisonedMs: median(poisoned), spans: requests * spansPerRequest, requests };
}
