import fs from "node:fs/promises";
import { encodeFrame } from "./frame";
import { fsyncDir } from "./files";
import { readRecords, recoverSegments, segmentFile, type LogRecord, type Segment } from "./segments";

type Waiting = { frame: Buffer; resolve: (end: number) => void; reject: (error: unknown) => void };

export type IngestLogOptions = {
  dir: string;
  segmentBytes: number;
  /** Where the log starts when it has no segment (everything before was applied and removed). */
  startAt: number;
  /** Called after each fsync, before its appends resolve (the crash tests' hook). */
  afterSync?: () => void;
  report?: (message: string) => void;
};

/**
 * An append-only log of checksummed records with group fsync: appends that arrive while a
 * write is in progress share the next write and its one fsync, and each resolves with the
 * position just past its record once that record is on disk.
 */
export class IngestLog {
  private waiting: Waiting[] = [];
  private writing: Promise<void> | null = null;
  private active!: { segment: Segment; handle: fs.FileHandle };
  private closed = false;
  private readonly appendListeners = new Set<() => void>();
  /** Position past the last fsync'd record. */
  durableEnd = 0;

  private constructor(
    private readonly options: IngestLogOptions,
    private segments: Segment[],
  ) {}

  static async open(options: IngestLogOptions): Promise<IngestLog> {
    await fs.mkdir(options.dir, { recursive: true });
    const segments = await recoverSegments(options.dir, options.report ?? ((m) => console.warn(`[ingest-log] ${m}`)));
    const log = new IngestLog(options, segments);
    const last = segments[segments.length - 1];
    if (last && last.base + last.size >= options.startAt) {
      log.durableEnd = last.base + last.size;
      await log.openActive(last);
    } else {
      // Everything the log holds is applied (or a cut at start ended it before the applied
      // position): it starts again at that position, so new records are never taken as applied.
      for (const s of segments) await fs.rm(s.file, { force: true });
      log.segments = [];
      log.durableEnd = options.startAt;
      await log.roll(options.startAt);
    }
    return log;
  }

  /** The first position still held (the start of the oldest segment). */
  get start(): number {
    return this.segments[0]?.base ?? this.durableEnd;
  }

  append(payload: Buffer): Promise<number> {
    if (this.closed) return Promise.reject(new Error("ingest log is closed"));
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ frame: encodeFrame(payload), resolve, reject });
      this.kick();
    });
  }

  /** Called after every fsync that made records durable. */
  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** Whole records from `from`, about `maxBytes` of them, never past `until` or the durable end. */
  read(from: number, maxBytes: number, until = this.durableEnd): Promise<LogRecord[]> {
    return readRecords(this.segments, from, Math.min(until, this.durableEnd), maxBytes);
  }

  /** Removes the segments that end at or before `position` (never the one being written). */
  async dropBefore(position: number): Promise<void> {
    const gone = this.segments.filter((s) => s !== this.active.segment && s.base + s.size <= position);
    if (gone.length === 0) return;
    this.segments = this.segments.filter((s) => !gone.includes(s));
    for (const s of gone) await fs.rm(s.file, { force: true });
    await fsyncDir(this.options.dir);
  }

  /** Waits for pending appends, then closes the segment. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing) await this.writing;
    await this.active.handle.close();
  }

  private kick(): void {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = this.writeGroup().finally(() => {
      this.writing = null;
      this.kick();
    });
  }

  private async writeGroup(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    try {
      if (this.active.segment.size >= this.options.segmentBytes) await this.roll(this.durableEnd);
      const { segment, handle } = this.active;
      const frames = group.map((w) => w.frame);
      try {
        await writeAllAt(handle, frames, segment.size);
        await handle.datasync();
      } catch (error) {
        // A part of the group may be on disk (no space): cut it off, so the next group starts
        // where the good records end.
        await handle.truncate(segment.size).catch(() => undefined);
        throw error;
      }
      let end = this.durableEnd;
      const ends = frames.map((f) => (end += f.length));
      segment.size += end - this.durableEnd;
      this.durableEnd = end;
      this.options.afterSync?.();
      group.forEach((w, i) => w.resolve(ends[i]!));
      for (const listener of this.appendListeners) listener();
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }

  private async roll(base: number): Promise<void> {
    if (this.active) await this.active.handle.close();
    const segment = { base, file: segmentFile(this.options.dir, base), size: 0 };
    const handle = await fs.open(segment.file, "w");
    await fsyncDir(this.options.dir);
    this.segments.push(segment);
    this.active = { segment, handle };
  }

  private async openActive(segment: Segment): Promise<void> {
    this.active = { segment, handle: await fs.open(segment.file, "r+") };
  }
}

async function writeAllAt(handle: fs.FileHandle, frames: Buffer[], position: number): Promise<void> {
  let buffers = frames;
  let at = position;
  while (buffers.length) {
    const { bytesWritten } = await handle.writev(buffers, at);
    at += bytesWritten;
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const b of buffers) {
      if (skip >= b.length) skip -= b.length;
      else {
        rest.push(skip ? b.subarray(skip) : b);
        skip = 0;
      }
    }
    buffers = rest;
  }
}
