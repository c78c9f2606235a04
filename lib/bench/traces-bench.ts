import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedSpansSql } from "./seed-spans";

const KEY = "sk-obs-bench-traces-0123456789";

export type Latency = { median: number; p95: number };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function timeRequests(urls: string[], headers: Record<string, string>): Promise<Latency> {
  const times: number[] = [];
  for (const url of urls) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

/** Creates a project and key (Postgres) and `spans` synthetic spans (ClickHouse) in a fresh data dir. */
async function seed(dataDir: string, spans: number): Promise<void> {
  process.env.DATA_DIR = dataDir;
  const { clickhouse, closeClickHouse } = await import("@/db/clickhouse/client");
  const { migrateClickHouse } = await import("@/db/clickhouse/migrate");
  const { closePostgres } = await import("@/db/postgres/client");
  const { initFromEnv } = await import("@/lib/bootstrap/init-from-env");
  (await import("@/lib/env")).reloadEnv();
  const { projectId } = await initFromEnv({ projectName: "bench", projectApiKey: KEY });
  const { client } = await clickhouse();
  await migrateClickHouse(client);
  await client.command({ query: seedSpansSql(projectId!, spans), clickhouse_settings: { max_insert_block_size: "200000" } });
  await client.command({ query: "OPTIMIZE TABLE traces FINAL" });
  // The synthetic spans bypass the ingest writer, which maintains the usage rollup.
  await (await import("@/lib/cost/rebuild-usage")).rebuildUsage(projectId!);
  await closePostgres();
  await closeClickHouse();
  const { drainPending } = await import("chdb");
  await drainPending();
}

/** Latency of the trace list and trace detail through the API of a production server. */
export async function benchTraceReads(options: { spans: number; port: number; samples: number }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "obs-traces-"));
  await seed(dataDir, options.spans);
  const server = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(options.port)], {
    env: { ...process.env, DATA_DIR: dataDir, DEMO_DATA: "0", NEXT_MANUAL_SIG_HANDLE: "true" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${options.port}`;
  const headers = { authorization: `Bearer ${KEY}` };
  try {
    for (let i = 0; i < 240 && !(await fetch(`${base}/api/health`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 500));
    const firstPage = (await (await fetch(`${base}/api/v1/traces?limit=100`, { headers })).json()) as { data: Array<{ traceId: string }> };
    const ids = firstPage.data.map((t) => t.traceId);
    const now = new Date().toISOString();
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const repeat = (url: string) => Array.from({ length: options.samples }, () => url);
    await timeRequests(repeat(`${base}/api/v1/traces`).slice(0, 3), headers); // warm up
    return {
      list: await timeRequests(repeat(`${base}/api/v1/traces?limit=50`), headers),
      failures: await timeRequests(repeat(`${base}/api/v1/traces?limit=50&status=error`), headers),
      detail: await timeRequests(Array.from({ length: options.samples }, (_, i) => `${base}/api/v1/traces/${ids[i % ids.length]}`), headers),
      cost: await timeRequests(repeat(`${base}/api/v1/metrics/cost?from=${monthAgo}&to=${now}&groupBy=tenant,feature,model`), headers),
      margins: await timeRequests(repeat(`${base}/api/v1/margins?month=${now.slice(0, 7)}`), headers),
    };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
