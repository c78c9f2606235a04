import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const spanRowsQuery = (from: number, count: number) => `
      INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, kind, service_name, start_time, end_time, duration_ms, status,
                         tenant, feature, model, response_model, provider, operation, input_tokens, output_tokens, input, output, attributes, resource_attributes, events)
      SELECT 'bench', lower(hex(cityHash64(intDiv(number, 10)) * 1000003 + 1)) || lower(hex(cityHash64(intDiv(number, 10)))),
             lower(hex(cityHash64(number))), '', 'chat gpt-4o-mini', 'llm', 'bench',
             now64(6) - toIntervalMillisecond(number), now64(6) - toIntervalMillisecond(number) + toIntervalMillisecond(850), 850, 'ok',
             concat('tenant-', toString(number % 7)), concat('feature-', toString(number % 5)), 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 'openai', 'chat',
             900 + number % 100, 150, repeat('the quick brown fox ', 30), repeat('an answer ', 25),
             map('gen_ai.operation.name', 'chat', 'gen_ai.request.model', 'gpt-4o-mini', 'gen_ai.input.messages', repeat('the quick brown fox ', 30),
                 'gen_ai.output.messages', repeat('an answer ', 25), 'tenant.id', concat('tenant-', toString(number % 7))),
             map('service.name', 'bench'), '[]'
      FROM numbers(${from}, ${count})`;

/**
 * The storage engine's own rate for same-shaped span rows: INSERT ... SELECT inside the engine,
 * in a fresh embedded instance of this process (the server owns its own data directory), with
 * the settings ingest uses for span inserts. Measured twice: as one statement of `rows` rows
 * (the reference), and in statements of `flushRows` rows, the size of an ingest flush, into
 * emptied tables; the second is what the engine alone manages at the batch size ingest has.
 */
export async function benchEngineInsert(
  rows: number,
  flushRows: number,
): Promise<{ rowsPerSecond: number; flushRowsPerSecond: number }> {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "obs-engine-"));
  (await import("@/lib/config/env")).reloadEnv();
  const { clickhouse, closeClickHouse, insertSettings } = await import("@/db/clickhouse/client");
  const { migrateClickHouse } = await import("@/db/clickhouse/migrate");
  const { client } = await clickhouse();
  await migrateClickHouse(client);
  const settings = insertSettings("spans");
  let started = performance.now();
  await client.command({ query: spanRowsQuery(0, rows), clickhouse_settings: settings });
  const rowsPerSecond = rows / ((performance.now() - started) / 1000);

  for (const table of ["spans", "traces", "trace_index"]) await client.command({ query: `TRUNCATE TABLE ${table}` });
  started = performance.now();
  for (let from = 0; from < rows; from += flushRows) {
    await client.command({
      query: spanRowsQuery(from, Math.min(flushRows, rows - from)),
      clickhouse_settings: settings,
    });
  }
  const flushRowsPerSecond = rows / ((performance.now() - started) / 1000);

  await closeClickHouse();
  await (await import("chdb")).drainPending();
  fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
  return { rowsPerSecond, flushRowsPerSecond };
}
