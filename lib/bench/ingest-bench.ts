import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeProtobuf } from "@/ingest/otlp/decode-protobuf";
import { genAiProtobufRequest } from "./fixtures";

const KEY = "sk-obs-bench-key-0123456789abcdef";
/** What `npm start` sets for server.mjs (package.json). */
const START_ENV = { MALLOC_ARENA_MAX: "2" };

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Starts the peak RSS over from the current RSS (Linux: "5" to clear_refs), so a peak is the load's own. */
function resetPeakRss(pid: number): void {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

/**
 * CPU milliseconds used so far by each kind of thread of a process (Linux /proc), e.g. the
 * JavaScript main thread, the engine's query pool (ThreadPool), its merges (MergeMutate).
 */
function threadCpuMs(pid: number): Map<string, number> {
  const byKind = new Map<string, number>();
  const ticksToMs = 10; // USER_HZ is 100 on Linux
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const kind =
      task === String(pid)
        ? "JavaScript main thread"
        : name.replace(/[\d:]+$/, "").replace(/^node$/, "Node worker pool (chdb, I/O, GC)");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    byKind.set(kind, (byKind.get(kind) ?? 0) + (Number(fields[11]) + Number(fields[12])) * ticksToMs);
  }
  return byKind;
}

/** Where the server's CPU went between two readings: microseconds per span, by thread kind, largest first. */
function cpuPerSpan(before: Map<string, number>, after: Map<string, number>, spans: number) {
  return [...after]
    .map(([kind, ms]) => ({ kind, usPerSpan: ((ms - (before.get(kind) ?? 0)) * 1000) / spans }))
    .filter((t) => t.usPerSpan >= 1)
    .sort((a, b) => b.usPerSpan - a.usPerSpan);
}

async function waitForHealth(url: string) {
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not become healthy");
}

/** Polls /api/health until the ingest log holds nothing unapplied. */
async function appliedAll(url: string) {
  for (;;) {
    const health = (await (await fetch(`${url}/api/health`)).json()) as { ingestLog?: { backlogBytes: number } };
    if ((health.ingestLog?.backlogBytes ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95) };
}

/** Protobuf decode alone, in this process. */
export function benchDecode(): { spansPerSecond: number } {
  const body = genAiProtobufRequest(500);
  let spans = 0;
  const started = performance.now();
  while (performance.now() - started < 3000) spans += decodeProtobuf(body).length;
  return { spansPerSecond: spans / ((performance.now() - started) / 1000) };
}

/** End to end through a production server: acknowledged spans/s with `inFlight` requests at once. */
export async function benchIngest(options: {
  requests: number;
  spansPerRequest: number;
  inFlight: number;
  port: number;
  /** A dashboard user reading the trace list and the cost tile meanwhile (their CPU counts in the server's). */
  readWhileIngesting?: boolean;
}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "obs-bench-"));
  // The production server (server.mjs) with the environment `npm start` gives it.
  // BENCH_SERVER_PROFILE_DIR: the server writes a V8 CPU profile there when it stops.
  const profileDir = process.env.BENCH_SERVER_PROFILE_DIR;
  const start = (profile: boolean) =>
    spawn(
      process.execPath,
      [...(profile && profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "server.mjs"],
      {
        env: {
          ...process.env,
          ...START_ENV,
          PORT: String(options.port),
          DATA_DIR: dataDir,
          DEMO_DATA: "0",
          INIT_PROJECT_NAME: "bench",
          INIT_PROJECT_API_KEY: KEY,
        },
        stdio: [
          "ignore",
          process.env.BENCH_SERVER_LOG ? fs.openSync(process.env.BENCH_SERVER_LOG, "a") : "ignore",
          "inherit",
        ],
      },
    );
  const url = `http://127.0.0.1:${options.port}`;
  // A first start creates the stores (PGlite's initdb peaks near 1 GB and leaves memory the
  // process keeps); the measured server is the second start on them, as every later start is.
  const first = start(false);
  const firstExited = new Promise((r) => first.once("exit", r));
  await waitForHealth(url);
  const startupPeakRssMb = peakRssMb(first.pid!);
  first.kill("SIGTERM");
  await firstExited;
  const server = start(true);
  try {
    await waitForHealth(url);
    // Bodies are encoded before the clock starts, so the client's CPU goes to sending only.
    const bodies = Array.from({ length: options.requests }, (_, i) =>
      genAiProtobufRequest(options.spansPerRequest, Date.now() - i * 1000),
    );
    const post = (body: Uint8Array): Promise<void> =>
      fetch(`${url}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${KEY}` },
        body: body as BodyInit,
      }).then(async (r): Promise<void> => {
        await r.arrayBuffer();
        // Back-pressure from the ingest log: wait as told, then send again (what exporters do).
        if (r.status === 429 || r.status === 503) {
          retried++;
          await new Promise((resolve) => setTimeout(resolve, Number(r.headers.get("retry-after") ?? 1) * 1000));
          return post(body);
        }
        if (!r.ok) throw new Error(`ingest answered ${r.status}`);
      });
    let retried = 0;
    await post(genAiProtobufRequest(10)); // warm the route
    // The load's own peak, from the RSS the started server holds.
    resetPeakRss(server.pid!);
    let next = 0;
    let acknowledged = 0;
    const cpuBefore = threadCpuMs(server.pid!);
    const started = performance.now();
    // A dashboard user meanwhile: the trace list and the cost tile, one read after the other, until all is applied.
    let ingesting = options.readWhileIngesting ?? true;
    const readMs = { list: [] as number[], cost: [] as number[] };
    const readHeaders = { authorization: `Bearer ${KEY}` };
    const reading = (async () => {
      while (ingesting) {
        for (const [kind, path] of [
          ["list", "/api/v1/traces?limit=50"],
          [
            "cost",
            `/api/v1/metrics/cost?groupBy=feature&from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`,
          ],
        ] as const) {
          const t = performance.now();
          const response = await fetch(`${url}${path}`, { headers: readHeaders });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`${path} answered ${response.status}`);
          readMs[kind].push(performance.now() - t);
        }
      }
    })();
    await Promise.all(
      Array.from({ length: options.inFlight }, async () => {
        while (next < options.requests) {
          await post(bodies[next++]!);
          acknowledged += options.spansPerRequest;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // Acknowledged means in the ingest log; applied means readable: until the log's backlog is 0.
    await appliedAll(url);
    const appliedSeconds = (performance.now() - started) / 1000;
    ingesting = false;
    await reading;
    const cpu = cpuPerSpan(cpuBefore, threadCpuMs(server.pid!), acknowledged);
    return {
      spansPerSecond: acknowledged / seconds,
      appliedSpansPerSecond: acknowledged / appliedSeconds,
      acknowledged,
      seconds,
      appliedSeconds,
      retried,
      peakRssMb: peakRssMb(server.pid!),
      startupPeakRssMb,
      cpu,
      readsWhileIngesting: { list: percentiles(readMs.list), cost: percentiles(readMs.cost) },
    };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
