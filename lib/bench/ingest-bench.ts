import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeProtobuf } from "@/ingest/otlp/decode-protobuf";
import { genAiProtobufRequest } from "./fixtures";

const KEY = "sk-obs-bench-key-0123456789abcdef";

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function waitForHealth(url: string) {
  for (let i = 0; i < 240; i++) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not become healthy");
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
export async function benchIngest(options: { requests: number; spansPerRequest: number; inFlight: number; port: number }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "obs-bench-"));
  const server = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(options.port)], {
    env: { ...process.env, DATA_DIR: dataDir, DEMO_DATA: "0", INIT_PROJECT_NAME: "bench", INIT_PROJECT_API_KEY: KEY, NEXT_MANUAL_SIG_HANDLE: "true" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitForHealth(url);
    // Bodies are encoded before the clock starts, so the client's CPU goes to sending only.
    const bodies = Array.from({ length: options.requests }, (_, i) => genAiProtobufRequest(options.spansPerRequest, Date.now() - i * 1000));
    const post = (body: Uint8Array) =>
      fetch(`${url}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${KEY}` },
        body: body as BodyInit,
      }).then(async (r) => {
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`ingest answered ${r.status}`);
      });
    await post(genAiProtobufRequest(10)); // warm the route
    let next = 0;
    let acknowledged = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.inFlight }, async () => {
        while (next < options.requests) {
          await post(bodies[next++]!);
          acknowledged += options.spansPerRequest;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { spansPerSecond: acknowledged / seconds, acknowledged, seconds, peakRssMb: peakRssMb(server.pid!) };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
