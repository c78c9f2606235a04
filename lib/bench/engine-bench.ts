import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The storage engine's own rate for same-shaped span rows: INSERT ... SELECT inside the engine,
 * in a fresh embedded instance of this process (the server owns its own data directory).
 */
export async function benchEngineInsert(rows: number): Promise<{ rowsPerSecond: number }> {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "obs-engine-"));
  (await import("@/lib/env")).reloadEnv();
  const { clickhouse, closeClickHouse } = await import("@/db/clickhouse/client");
  const { migrateClickHouse } = await import("@/db/clickhouse/migrate");
  const { client } = await clickhouse();
  await migrateClickHouse(client);
  const started = performance.now();
  await client.command({
    query: `
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
      FROM numbers(${Math.floor(rows)})`,
  });
  const seconds = (performance.now() - started) / 1000;
  await closeClickHouse();
  await (await import("chdb")).drainPending();
  fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
  return { rowsPerSecond: rows / seconds };
}
