import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { genAiProtobufRequest } from "@/lib/bench/fixtures";
import { decodeEntry } from "../log/entry";
import { DecodeError } from "../otlp/types";
import { BackPressureError } from "../writer/batch-writer";
import { encodeTraceExport, type TraceExportJob } from "./encode-traces";
import { closeEncoderThreads, encodeTraceExportOffThread } from "./encoder-threads";

const settings = { tenantKeys: [], featureKeys: [], payloadCapBytes: 256 * 1024 };
const job = (body: Uint8Array): TraceExportJob => ({ projectId: "p-threads", body, encoding: "protobuf", settings });

afterEach(() => closeEncoderThreads());

describe("encoder threads", () => {
  it("write the same log record as the main thread, for many exports at once", async () => {
    const bodies = Array.from({ length: 6 }, (_, i) => Buffer.from(genAiProtobufRequest(200, Date.now() - i * 1000)));
    const records = await Promise.all(bodies.map((body) => encodeTraceExportOffThread(job(body))));
    records.forEach((record, i) => {
      const inline = encodeTraceExport(job(bodies[i]!));
      expect(Buffer.from(record.payload!).equals(Buffer.from(inline.payload!))).toBe(true);
      const entry = decodeEntry(Buffer.from(record.payload!));
      expect(entry.signal === "traces" && entry.heads.length).toBe(200);
    });
    // The caller's buffer is left whole: the thread got a copy.
    expect(bodies[0]!.length).toBeGreaterThan(0);
  });

  it("answer a malformed body with the decode error the route maps to 400", async () => {
    const failed = await encodeTraceExportOffThread(job(Buffer.from("not protobuf at all"))).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(DecodeError);
    expect((failed as Error).message).toMatch(/^Malformed protobuf/);
    // The thread is still there for the next export.
    const next = await encodeTraceExportOffThread(job(genAiProtobufRequest(3)));
    expect(next.payload).not.toBeNull();
  });

  it("turn exports they held when stopped into a retryable refusal, and start again for the next", async () => {
    const held = encodeTraceExportOffThread(job(genAiProtobufRequest(2_000)));
    await closeEncoderThreads();
    expect(await held.catch((e: unknown) => e)).toBeInstanceOf(BackPressureError);
    const next = await encodeTraceExportOffThread(job(genAiProtobufRequest(3)));
    expect(next.rejected).toBe(0);
  });

  it("run from the bundle `npm run build` writes", async () => {
    const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "encoder-")), "trace-encoder.mjs");
    execFileSync(process.execPath, ["ingest/workers/build.mjs", bundle], { cwd: process.cwd() });
    const worker = new Worker(bundle);
    const answer = await new Promise<{ ok?: { payload: Uint8Array } }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.postMessage({ id: 1, job: job(genAiProtobufRequest(5)) });
    });
    await worker.terminate();
    const entry = decodeEntry(Buffer.from(answer.ok!.payload));
    expect(entry.signal === "traces" && entry.heads.length).toBe(5);
  });
});
