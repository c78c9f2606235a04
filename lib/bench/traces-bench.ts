import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { seedBigTracesSql, seedSpansSql } from "./seed-spans";

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

/** Creates a project and key (Postgres) and synthetic spans (ClickHouse, `insertSql`) in a fresh data dir. */
async function seed(dataDir: string, insertSql: (projectId: string) => string): Promise<void> {
  process.env.DATA_DIR = dataDir;
  const { clickhouse, closeClickHouse } = await import("@/db/clickhouse/client");
  const { migrateClickHouse } = await import("@/db/clickhouse/migrate");
  const { closePostgres } = await import("@/db/postgres/client");
  const { initFromEnv } = await import("@/lib/bootstrap/init-from-env");
  (await import("@/lib/config/env")).reloadEnv();
  const { projectId } = await initFromEnv({ projectName: "bench", projectApiKey: KEY });
  const { client } = await clickhouse();
  await migrateClickHouse(client);
  await client.command({ query: insertSql(projectId!), clickhouse_settings: { max_insert_block_size: "200000" } });
  await client.command({ query: "OPTIMIZE TABLE traces FINAL" });
  // The synthetic spans bypass the ingest writer, which maintains the usage rollup.
  await (await import("@/lib/cost/rebuild-usage")).rebuildUsage(projectId!);
  await closePostgres();
  await closeClickHouse();
  const { drainPending } = await import("chdb");
  await drainPending();
}

/** Starts a production server over `dataDir`, waits for its health, runs `reads`, stops it. */
async function withServer<T>(dataDir: string, port: number, reads: (base: string) => Promise<T>): Promise<T> {
  const server = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(port)], {
    env: { ...process.env, DATA_DIR: dataDir, DEMO_DATA: "0", NEXT_MANUAL_SIG_HANDLE: "true" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (
      let i = 0;
      i < 240 &&
      !(await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 500));
    return await reads(base);
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Conversations (issue 19) over the seed's sessions (one per two traces, 5,000 end users): the
 * newest sessions, those with a failed turn, one end user's, one session, the end users.
 */
async function sessionReads(base: string, samples: number) {
  const headers = { authorization: `Bearer ${KEY}` };
  const now = new Date().toISOString();
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const repeat = (url: string) => Array.from({ length: samples }, () => url);
  const each = (url: (i: number) => string) => Array.from({ length: samples }, (_, i) => url(i));
  await timeRequests(repeat(`${base}/api/v1/sessions?limit=50`).slice(0, 3), headers); // warm up
  return {
    sessions: await timeRequests(repeat(`${base}/api/v1/sessions?limit=50`), headers),
    failedSessions: await timeRequests(repeat(`${base}/api/v1/sessions?limit=50&status=error`), headers),
    userSessions: await timeRequests(
      each((i) => `${base}/api/v1/sessions?limit=50&userId=user-${(i * 37) % 5000}`),
      headers,
    ),
    session: await timeRequests(
      each((i) => `${base}/api/v1/sessions/session-${i * 7}`),
      headers,
    ),
    users: await timeRequests(repeat(`${base}/api/v1/users?from=${monthAgo}&to=${now}`), headers),
  };
}

/** Latency of the trace list and trace detail through the API of a production server. */
export async function benchTraceReads(options: { spans: number; port: number; samples: number }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "obs-traces-"));
  await seed(dataDir, (projectId) => seedSpansSql(projectId, options.spans));
  const headers = { authorization: `Bearer ${KEY}` };
  return withServer(dataDir, options.port, async (base) => {
    const firstPage = (await (await fetch(`${base}/api/v1/traces?limit=100`, { headers })).json()) as {
      data: Array<{ traceId: string }>;
    };
    const ids = firstPage.data.map((t) => t.traceId);
    const now = new Date().toISOString();
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const repeat = (url: string) => Array.from({ length: options.samples }, () => url);
    await timeRequests(repeat(`${base}/api/v1/traces`).slice(0, 3), headers); // warm up
    return {
      list: await timeRequests(repeat(`${base}/api/v1/traces?limit=50`), headers),
      failures: await timeRequests(repeat(`${base}/api/v1/traces?limit=50&status=error`), headers),
      detail: await timeRequests(
        Array.from({ length: options.samples }, (_, i) => `${base}/api/v1/traces/${ids[i % ids.length]}`),
        headers,
      ),
      cost: await timeRequests(
        repeat(`${base}/api/v1/metrics/cost?from=${monthAgo}&to=${now}&groupBy=tenant,feature,model`),
        headers,
      ),
      margins: await timeRequests(repeat(`${base}/api/v1/margins?month=${now.slice(0, 7)}`), headers),
      ...(await sessionReads(base, options.samples)),
      // Every query of the home page in one call: attention, tiles, charts and the feature table.
      overview24h: await timeRequests(repeat(`${base}/api/v1/overview?period=24h`), headers),
      overview30d: await timeRequests(repeat(`${base}/api/v1/overview?period=30d`), headers),
    };
  });
}

/**
 * The home page and the conversation reads alone at the scale the overview and conversations
 * issues name: 10M spans, `spans` / 10 sessions (2M traces, 1M sessions), without the other
 * reads' minutes.
 */
export async function benchScaleReads(options: { spans: number; port: number; samples: number }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "obs-sessions-"));
  await seed(dataDir, (projectId) => seedSpansSql(projectId, options.spans));
  const headers = { authorization: `Bearer ${KEY}` };
  const repeat = (url: string) => Array.from({ length: options.samples }, () => url);
  return withServer(dataDir, options.port, async (base) => {
    await timeRequests(repeat(`${base}/api/v1/overview?period=24h`).slice(0, 3), headers); // warm up
    return {
      overview24h: await timeRequests(repeat(`${base}/api/v1/overview?period=24h`), headers),
      overview30d: await timeRequests(repeat(`${base}/api/v1/overview?period=30d`), headers),
      ...(await sessionReads(base, options.samples)),
    };
  });
}

export type LoopDelay = { maxMs: number; p99Ms: number; meanMs: number };

/**
 * The trace list over big traces (200 to 4,000 spans each, `spans` in all) through the
 * production server (server.mjs), with the server's own event-loop delay and a store-free
 * route's latency measured while the list requests run.
 */
export async function benchBigTraceList(options: { spans: number; port: number; samples: number }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "obs-big-traces-"));
  const traces = Math.round(options.spans / 2_100);
  await seed(dataDir, (projectId) => seedBigTracesSql(projectId, traces));
  const delayFile = path.join(dataDir, "loop-delay.json");
  const server = spawn(
    process.execPath,
    ["--import", pathToFileURL(path.resolve("lib/bench/loop-delay.mjs")).href, "server.mjs"],
    {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DEMO_DATA: "0",
        PORT: String(options.port),
        HOSTNAME: "127.0.0.1",
        OTLP_GRPC_PORT: "0",
        LOOP_DELAY_FILE: delayFile,
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${options.port}`;
  const headers = { authorization: `Bearer ${KEY}` };
  let seq = 0;
  // Signals the server to report the delay since the last call; waits for the report.
  const loopDelay = async (): Promise<LoopDelay> => {
    seq += 1;
    server.kill("SIGUSR2");
    for (;;) {
      const report = fs.existsSync(delayFile)
        ? (JSON.parse(fs.readFileSync(delayFile, "utf8")) as LoopDelay & { seq: number })
        : null;
      if (report && report.seq === seq) return report;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const rssMb = (field: "VmRSS" | "VmHWM") =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1] ?? 0) /
    1024;
  // A route that touches no store, asked every 50 ms while the list requests run.
  const probe = () => {
    const times: number[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const started = performance.now();
        await (await fetch(`${base}/api/openapi.json`)).arrayBuffer();
        times.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    return async () => {
      running = false;
      await loop;
      return Math.max(0, ...times);
    };
  };
  const phase = async (limit: number) => {
    await loopDelay();
    const stopProbe = probe();
    const latency = await timeRequests(
      Array.from({ length: options.samples }, () => `${base}/api/v1/traces?limit=${limit}`),
      headers,
    );
    const probeMaxMs = await stopProbe();
    return { ...latency, loop: await loopDelay(), probeMaxMs };
  };
  try {
    for (
      let i = 0;
      i < 240 &&
      !(await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 500));
    await timeRequests([`${base}/api/v1/traces?limit=50`, `${base}/api/openapi.json`], headers); // warm up
    // The same measure with no request at all, for the machine's own noise (a shared, busy one adds delay).
    await loopDelay();
    await new Promise((r) => setTimeout(r, 5_000));
    const idle = await loopDelay();
    const rssBefore = rssMb("VmRSS");
    const list50 = await phase(50);
    const list500 = await phase(500);
    const spans = Array.from(
      { length: traces },
      (_, t) => 200 + Math.floor((t * 3800) / Math.max(traces - 1, 1)),
    ).reduce((a, b) => a + b, 0);
    return { traces, spans, idle, list50, list500, rssBeforeMb: rssBefore, rssPeakMb: rssMb("VmHWM") };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
