import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CrashPoint } from "@/lib/config/env";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import type { CrashCounts } from "./testing/crash-child";

// Real processes: the ingest path runs in a child over chdb in its own data directory; the
// child is killed (SIGKILL, by itself at INGEST_CRASH_AT) and started again on the same
// directory. Every acknowledged span must then be stored once, and every usage rollup must
// count exactly the stored spans' tokens: never zero, never twice.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-crash-"));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Child = { url: string; process: ChildProcess; exited: Promise<NodeJS.Signals | number | null> };

async function startChild(crashAt?: CrashPoint): Promise<Child> {
  // tsx as a loader in this one process (its CLI would run the script in a grandchild the kill misses).
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "ingest/log/testing/crash-child.ts"],
    {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DEMO_DATA: "0",
        INGEST_CRASH_AT: crashAt ?? "",
        CLICKHOUSE_URL: "",
        DATABASE_URL: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once("exit", (code, signal) => {
      children.delete(child);
      resolve(signal ?? code);
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const match = /ready (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((how) => reject(new Error(`child exited (${how}) before it was ready: ${stderr}`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child, exited };
}

const TOKENS = 10;
/** One request: `traces` traces of a root and an LLM child with TOKENS input tokens, plus extra spans. */
function request(traces: number, extra: JsonSpan[] = []) {
  const now = Date.now();
  const spans: JsonSpan[] = [...extra];
  for (let i = 0; i < traces; i++) {
    const t = traceId();
    const root = spanId();
    spans.push({ traceId: t, spanId: root, name: "root", startMs: now - 1000, durationMs: 500 });
    spans.push({
      traceId: t,
      spanId: spanId(),
      parentSpanId: root,
      name: "chat",
      startMs: now - 900,
      durationMs: 100,
      attributes: {
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": TOKENS,
        "gen_ai.usage.output_tokens": 2,
      },
    });
  }
  return { body: JSON.stringify(otlpJson(spans)), spans };
}

/** Posts a request; true when it was acknowledged (200), false when the child died or refused it. */
async function post(child: Child, body: string): Promise<boolean> {
  try {
    const response = await fetch(`${child.url}/ingest`, { method: "POST", body });
    await response.text();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function check(child: Child): Promise<CrashCounts> {
  const response = await fetch(`${child.url}/check`, { method: "POST" });
  expect(response.status).toBe(200);
  return (await response.json()) as CrashCounts;
}

/** Each span once, and every rollup counting exactly the tokens of the stored LLM spans. */
function expectConsistent(counts: CrashCounts, llmSpans: Set<string>) {
  expect(counts.spanRows).toBe(counts.distinctSpans);
  const storedLlm = counts.spanIds.filter((id) => llmSpans.has(id)).length;
  expect(counts.countedTokens).toBe(storedLlm * TOKENS);
  expect(counts.tracesTokens).toBe(storedLlm * TOKENS);
  expect(counts.traceUsageTokens).toBe(storedLlm * TOKENS);
  expect(counts.hourlyTokens).toBe(storedLlm * TOKENS);
  expect(counts.dailyTokens).toBe(storedLlm * TOKENS);
  expect(counts.hourlyTotalsTokens).toBe(storedLlm * TOKENS);
  expect(counts.dailyTotalsTokens).toBe(storedLlm * TOKENS);
  expect(counts.tracesSpans).toBe(counts.distinctSpans);
}

describe("the ingest log across crashes", () => {
  it(
    "applies every acknowledged span exactly once after SIGKILL at each crash point, and a full resend changes nothing twice",
    { timeout: 300_000 },
    async () => {
      const sent: Array<{ body: string; spans: JsonSpan[] }> = [];
      const acknowledged = new Set<string>();
      const llmSpans = new Set<string>();
      const send = async (child: Child, requests: Array<{ body: string; spans: JsonSpan[] }>) => {
        sent.push(...requests);
        for (const r of requests) for (const s of r.spans) if (s.name === "chat") llmSpans.add(s.spanId);
        const answers = await Promise.all(requests.map((r) => post(child, r.body)));
        requests.forEach((r, i) => answers[i] && r.spans.forEach((s) => acknowledged.add(s.spanId)));
        return answers;
      };

      // A clean start stores one trace, so that later requests add spans to a stored trace.
      const first = await startChild();
      const early = request(5);
      expect(await send(first, [early])).toEqual([true]);
      await check(first);
      first.process.kill("SIGKILL");
      await first.exited;

      const storedTrace = early.spans[0]!.traceId;
      for (const point of ["after-log-fsync", "after-prepared", "between-tables", "before-checkpoint"] as const) {
        const child = await startChild(point);
        // Three concurrent requests (one adds an LLM span under a stored trace's root).
        const extra: JsonSpan = {
          traceId: storedTrace,
          spanId: spanId(),
          parentSpanId: early.spans[0]!.spanId,
          name: "chat",
          startMs: Date.now() - 800,
          durationMs: 50,
          attributes: { "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": TOKENS },
        };
        const answers = await send(child, [request(20, [extra]), request(20), request(20)]);
        if (point !== "after-log-fsync") {
          expect(answers).toEqual([true, true, true]);
          await fetch(`${child.url}/apply`, { method: "POST" }).catch(() => undefined);
        }
        expect(await child.exited).toBe("SIGKILL");
      }

      const last = await startChild();
      const afterCrashes = await check(last);
      for (const id of acknowledged) expect(afterCrashes.spanIds).toContain(id);
      expectConsistent(afterCrashes, llmSpans);

      // The exporters resend everything they sent (acknowledged or not): each span stays once.
      for (const r of sent) expect(await post(last, r.body)).toBe(true);
      const afterResend = await check(last);
      expect(afterResend.distinctSpans).toBe(new Set(sent.flatMap((r) => r.spans.map((s) => s.spanId))).size);
      expectConsistent(afterResend, llmSpans);
    },
  );
});
