import { expect } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { handleOtlpExport } from "@/ingest/http/handle-export";
import { logsSignal } from "@/ingest/pipeline/logs-signal";
import { metricsSignal } from "@/ingest/pipeline/metrics-signal";
import { tracesSignal } from "@/ingest/pipeline/traces-signal";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { makeProject } from "@/lib/testing/factories";
import { serveHandler } from "@/lib/testing/serve-handler";
import { getTrace } from "@/lib/traces/get-trace";
import { waitApplied } from "@/lib/testing/wait-applied";
import { fixtureJson } from "./fixture-json";
import { startOpenAiCompatibleServer } from "./openai-compatible-server";

// The compatibility suite's rig: a real project and key, the app's OTLP handler on a local
// port, the OpenAI-compatible server, and a runner for one driver in a child process.

const DRIVERS = path.join(import.meta.dirname, "drivers");
const DRIVER_TIMEOUT_MS = 60_000;

export type ScenarioLine = { scenario: string; traceId: string; ok: boolean; error?: string; result?: unknown };
export type Export = { signal: string; contentType: string; status: number; body: unknown };

/** Everything one library's test needs; `close` stops both servers and writes the fixture. */
export async function startCompat(lib: string) {
  await migrateClickHouse((await clickhouse()).client);
  const ctx = await makeProject();
  const key = (await createApiKey({ ctx, input: { name: `compat-${lib}` } })).secretKey;
  const llm = await startOpenAiCompatibleServer();
  const exports: Export[] = [];
  // Answers still being written when a driver exits (some SDKs' flush does not wait for them).
  const inFlight = new Set<Promise<unknown>>();

  const receiver = await serveHandler((request) => {
    const handled = receive(request);
    inFlight.add(handled);
    return handled.finally(() => inFlight.delete(handled));
  });

  async function receive(request: Request): Promise<Response> {
    const pathname = new URL(request.url).pathname;
    const signals = { "/v1/traces": tracesSignal, "/v1/logs": logsSignal, "/v1/metrics": metricsSignal } as const;
    const routed = signals[pathname as keyof typeof signals];
    if (!routed) {
      exports.push({
        signal: pathname,
        contentType: request.headers.get("content-type") ?? "",
        status: 404,
        body: null,
      });
      return new Response("not routed by the compatibility receiver", { status: 404 });
    }
    const signal = routed.name;
    // Listed in arrival order (an entry is filled in when its answer is known).
    const entry: Export = { signal, contentType: request.headers.get("content-type") ?? "", status: 0, body: null };
    exports.push(entry);
    const raw = Buffer.from(await request.arrayBuffer());
    const response = await handleOtlpExport(
      new Request(request.url, { method: "POST", headers: request.headers, body: raw }),
      routed,
    );
    const plain = request.headers.get("content-encoding") === "gzip" ? gunzipSync(raw) : raw;
    try {
      entry.body = fixtureJson(signal, entry.contentType, plain);
    } catch (error) {
      entry.body = { undecodable: (error as Error).message };
    }
    entry.status = response.status;
    return response;
  }

  async function runDriver(file: string, extraEnv: Record<string, string> = {}) {
    const child = spawn(
      process.execPath,
      ["--require", path.join(DRIVERS, "no-network.cjs"), path.join(DRIVERS, file)],
      {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          NODE_ENV: "test",
          COMPAT_LIB: lib,
          // Every OpenTelemetry exporter reads this: a loaded machine must not cut an export off at 10 s.
          OTEL_EXPORTER_OTLP_TIMEOUT: "300000",
          OPENAI_BASE_URL: llm.baseUrl,
          OTLP_ENDPOINT: receiver.url,
          OBS_API_KEY: key,
          ...extraEnv,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), DRIVER_TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    clearTimeout(timer);
    await Promise.all([...inFlight]);
    if (code !== 0) throw new Error(`driver ${file} exited with ${code}\n${stderr}`);
    if (stderr.includes("[no-network] blocked"))
      throw new Error(`driver ${file} tried to reach the network:\n${stderr}`);
    const lines = stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as ScenarioLine);
    return {
      lines,
      stderr,
      scenario: (name: string) => lines.find((l) => l.scenario === name) ?? failNoScenario(name, lines),
    };
  }

  return {
    ctx,
    key,
    llm,
    receiver,
    exports,
    runDriver,
    // A 200 means in the ingest log: reads wait until what was acknowledged is applied.
    trace: async (line: ScenarioLine) => {
      await waitApplied();
      return getTrace({ ctx, traceId: line.traceId });
    },
    /** Resolves once `count` exports have reached the receiver and every one is answered. */
    async answered(count: number) {
      await expect
        .poll(() => exports.length >= count && exports.every((e) => e.status !== 0), { timeout: 300_000 })
        .toBe(true);
      await Promise.all([...inFlight]);
    },
    async close() {
      const dir = process.env.COMPAT_FIXTURES_DIR;
      if (dir) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `${lib}.json`), JSON.stringify({ lib, served: llm.served, exports }, null, 2));
      }
      await Promise.all([llm.close(), receiver.close()]);
    },
  };
}

function failNoScenario(name: string, lines: ScenarioLine[]): never {
  throw new Error(`the driver reported no scenario "${name}" (got ${lines.map((l) => l.scenario).join(", ")})`);
}

export type Compat = Awaited<ReturnType<typeof startCompat>>;
export type TraceDetail = Awaited<ReturnType<typeof getTrace>>;
export type SpanDetail = TraceDetail["spans"][number];
