import { spawn, type ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../ingest/otlp/build-json";

// A server of its own (the shared one must keep running), stopped with SIGTERM while exports
// are in flight: each must be answered 200, the process must exit by itself, and after a
// restart every acknowledged span must be there.
const PORT = Number(process.env.E2E_PORT ?? 3210) + 7;
const KEY = "sk-obs-shutdown-test-key-0123456789";
const DATA_DIR = ".data-e2e-shutdown";
const base = `http://127.0.0.1:${PORT}`;

// A failed assertion must not leave a server behind on this port for the next run.
const started: ChildProcess[] = [];
test.afterEach(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

function startServer(): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn("node", ["server.mjs"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATA_DIR,
      DEMO_DATA: "0",
      AUTH_SECRET: "shutdown-secret",
      OTLP_GRPC_PORT: "0",
      INIT_PROJECT_NAME: "Shutdown",
      INIT_PROJECT_API_KEY: KEY,
      NEXTAUTH_URL: base,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  void exited.then((code) => {
    if (code !== 0) console.log(log);
  });
  return { child, exited };
}

async function waitHealthy(): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status ?? 0, { timeout: 90_000 })
    .toBe(200);
}

/**
 * Posts one export; resolves `sent` once the server has taken the request (it answered
 * `100 Continue` to its headers) and the whole body is on the wire, `answered` with the status.
 * A connection still waiting in the listen queue at SIGTERM is never accepted: its reset is no
 * lost acknowledgement, so the test only stops the server once every export is taken.
 */
function exportSpans(spans: JsonSpan[]): { sent: Promise<void>; answered: Promise<number> } {
  const body = JSON.stringify(otlpJson(spans));
  let markSent!: () => void;
  const sent = new Promise<void>((r) => (markSent = r));
  const answered = new Promise<number>((resolve, reject) => {
    const headers = {
      "content-type": "application/json",
      authorization: `Bearer ${KEY}`,
      expect: "100-continue",
      "content-length": String(Buffer.byteLength(body)),
    };
    const req = httpRequest(`${base}/v1/traces`, { method: "POST", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.on("finish", markSent);
    req.on("continue", () => req.end(body));
    req.flushHeaders();
  });
  return { sent, answered };
}

test("SIGTERM answers every export in flight, exits, and keeps what it acknowledged", async () => {
  test.setTimeout(240_000);
  rmSync(DATA_DIR, { recursive: true, force: true });
  const first = startServer();
  await waitHealthy();

  const now = Date.now();
  const batches = Array.from({ length: 12 }, () => {
    const traceId = randomBytes(16).toString("hex");
    return Array.from(
      { length: 300 },
      (_, i): JsonSpan => ({
        traceId,
        spanId: randomBytes(8).toString("hex"),
        name: `step ${i}`,
        startMs: now - 60_000 + i,
        durationMs: 5,
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.request.model": "gpt-4o-mini",
          "gen_ai.usage.input_tokens": 10,
          "gen_ai.usage.output_tokens": 2,
        },
      }),
    );
  });
  const exports = batches.map(exportSpans);
  await Promise.all(exports.map((e) => e.sent));
  first.child.kill("SIGTERM");
  const statuses = await Promise.all(exports.map((e) => e.answered));
  expect(statuses).toEqual(batches.map(() => 200));
  expect(await first.exited).toBe(0);
  // Nothing listens any more.
  await expect(fetch(`${base}/api/health`)).rejects.toThrow();

  const second = startServer();
  await waitHealthy();
  // What was acknowledged before the stop is in the log and applied after the start: wait on that.
  await expect
    .poll(
      async () =>
        ((await (await fetch(`${base}/api/health`)).json()) as { ingestLog?: { backlogBytes: number } }).ingestLog
          ?.backlogBytes ?? -1,
      { timeout: 60_000 },
    )
    .toBe(0);
  const listed = await fetch(`${base}/api/v1/traces?limit=50&from=${new Date(now - 3_600_000).toISOString()}`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  const { data } = (await listed.json()) as { data: Array<{ traceId: string; spanCount: number }> };
  expect(data.map((t) => t.spanCount).sort()).toEqual(batches.map(() => 300));
  second.child.kill("SIGTERM");
  expect(await second.exited).toBe(0);
  rmSync(DATA_DIR, { recursive: true, force: true });
});
