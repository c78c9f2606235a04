import "server-only";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { env } from "@/lib/config/env";
import { DecodeError } from "../otlp/types";
import { ingestTurn } from "../pipeline/ingest-turns";
import { BackPressureError } from "../writer/batch-writer";
import { encodeTraceExport, type EncodedTraceExport, type TraceExportJob } from "./encode-traces";

// Decoding, normalizing and encoding an export is most of the main thread's work per span
// (bench: ~45 of its ~65 us), and the main thread was the one busy core while the engine's
// threads waited for it. Encoder threads take that work; the main thread keeps HTTP, the log's
// appends and the applier. Where no thread can start, exports are encoded on the main thread in
// turns (ingest-turns.ts), as before.

/** The bundled entry (production, `npm run build`) and the source (development and tests, under tsx). */
const BUILT_ENTRY = path.join(process.cwd(), ".next", "workers", "trace-encoder.mjs");
const SOURCE_ENTRY = path.join(process.cwd(), "ingest", "workers", "trace-encoder.worker.ts");

type Answer = { id: number; ok?: EncodedTraceExport; error?: { decode: boolean; message: string; stack?: string } };
type Pending = { resolve: (result: EncodedTraceExport) => void; reject: (error: unknown) => void };

class EncoderThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closing = false;
  private dead = false;

  constructor(entry: WorkerEntry, onDeath: (error: unknown) => void) {
    this.worker = entry.source
      ? // The source runs under tsx, registered in the thread before the entry loads (an --import flag loads it too late for the entry).
        new Worker(
          `import { register } from "tsx/esm/api"; register(); await import(${JSON.stringify(pathToFileURL(entry.file).href)});`,
          { eval: true },
        )
      : new Worker(entry.file);
    this.worker.unref();
    this.worker.on("message", (answer: Answer) => this.answered(answer));
    const die = (error: unknown) => {
      if (this.dead) return;
      this.dead = true;
      // The exports it held were not acknowledged: their senders retry.
      for (const { reject } of this.pending.values()) reject(new BackPressureError(1));
      this.pending.clear();
      if (!this.closing) onDeath(error);
    };
    this.worker.on("error", die);
    this.worker.on("exit", (code) => die(new Error(`encoder thread exited with code ${code}`)));
  }

  get load(): number {
    return this.pending.size;
  }

  run(job: TraceExportJob): Promise<EncodedTraceExport> {
    // The body is copied into a buffer of its own, which moves to the thread (a request body can be a view of a shared one).
    const body = new Uint8Array(job.body);
    const id = this.nextId++;
    return new Promise<EncodedTraceExport>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ id, job: { ...job, body } }, [body.buffer]);
    });
  }

  private answered({ id, ok, error }: Answer): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    if (ok) pending.resolve(ok);
    else if (error?.decode) pending.reject(new DecodeError(error.message));
    else pending.reject(Object.assign(new Error(error?.message ?? "encoder thread failed"), { stack: error?.stack }));
  }

  async terminate(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}

type WorkerEntry = { file: string; source: boolean };

function workerEntry(): WorkerEntry | null {
  if (process.env.NODE_ENV === "production" && fs.existsSync(BUILT_ENTRY)) return { file: BUILT_ENTRY, source: false };
  if (fs.existsSync(SOURCE_ENTRY)) return { file: SOURCE_ENTRY, source: true };
  if (fs.existsSync(BUILT_ENTRY)) return { file: BUILT_ENTRY, source: false };
  return null;
}

const MAX_DEATHS = 3;

class EncoderThreads {
  private readonly threads: EncoderThread[] = [];
  /** Set once threads died more than MAX_DEATHS times (they cannot start here): exports are then encoded on the main thread. */
  private broken = false;
  private deaths = 0;

  constructor(private readonly count: number) {}

  encode(job: TraceExportJob): Promise<EncodedTraceExport> {
    const thread = this.pick();
    if (!thread) return ingestTurn(() => encodeTraceExport(job));
    return thread.run(job);
  }

  private pick(): EncoderThread | null {
    if (this.broken || this.count === 0) return null;
    if (this.threads.length < this.count) {
      const entry = workerEntry();
      if (!entry) {
        this.broken = true;
        return null;
      }
      const thread: EncoderThread = new EncoderThread(entry, (error) => this.died(thread, error));
      this.threads.push(thread);
    }
    return this.threads.reduce((least, t) => (t.load < least.load ? t : least));
  }

  private died(thread: EncoderThread, error: unknown): void {
    this.threads.splice(this.threads.indexOf(thread), 1);
    this.broken = ++this.deaths > MAX_DEATHS;
    console.error(
      `[ingest] encoder thread stopped (${(error as Error).message}); ${this.broken ? "encoding on the main thread from now on" : "starting another"}`,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
    this.threads.length = 0;
  }
}

// One set per process, shared by every bundle that imports this module (as the ingest log is).
const holder = globalThis as unknown as { __encoderThreads?: EncoderThreads };

/** An export's log record, from an encoder thread (or the main thread, in turns, where none runs). */
export function encodeTraceExportOffThread(job: TraceExportJob): Promise<EncodedTraceExport> {
  holder.__encoderThreads ??= new EncoderThreads(env().ingestEncoderThreads);
  return holder.__encoderThreads.encode(job);
}

/** Stops the encoder threads (shutdown, tests' teardown); the next export starts them again. */
export async function closeEncoderThreads(): Promise<void> {
  const threads = holder.__encoderThreads;
  holder.__encoderThreads = undefined;
  await threads?.close();
}
