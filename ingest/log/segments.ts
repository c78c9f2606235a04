import fs from "node:fs/promises";
import path from "node:path";
import { FRAME_HEADER_BYTES, readFrame } from "./frame";
import { fsyncDir } from "./files";

// The log is a row of segment files, each named by the log position (byte offset over the whole
// log) of its first byte; a record never spans two segments. At start every segment is scanned:
// the first torn or corrupt frame ends the log there (its segment is cut to the last good frame,
// later segments are removed), because what follows a bad frame cannot be trusted.

export type Segment = { base: number; file: string; size: number };
export type LogRecord = { payload: Buffer; /** position just past the record */ end: number };

const SUFFIX = ".seg";
export const segmentFile = (dir: string, base: number) => path.join(dir, `${String(base).padStart(16, "0")}${SUFFIX}`);

export async function listSegments(dir: string): Promise<Segment[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith(SUFFIX) && /^\d+$/.test(n.slice(0, -SUFFIX.length)));
  const segments = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      return { base: Number(name.slice(0, -SUFFIX.length)), file, size: (await fs.stat(file)).size };
    }),
  );
  return segments.sort((a, b) => a.base - b.base);
}

/** Where the good frames of a segment's bytes end, and why the rest (if any) is not good. */
export function scanFrames(bytes: Buffer): { goodBytes: number; problem?: string } {
  let offset = 0;
  while (offset < bytes.length) {
    const frame = readFrame(bytes, offset);
    if (frame.kind === "record") offset = frame.next;
    else return { goodBytes: offset, problem: frame.kind === "short" ? "torn record at the end" : frame.reason };
  }
  return { goodBytes: offset };
}

/**
 * The segments after cutting a torn or corrupt tail, and removing what follows it or a gap.
 * `report` hears each cut (the caller logs it).
 */
export async function recoverSegments(dir: string, report: (message: string) => void): Promise<Segment[]> {
  const found = await listSegments(dir);
  const kept: Segment[] = [];
  for (let i = 0; i < found.length; i++) {
    const segment = found[i]!;
    const previous = kept[kept.length - 1];
    if (previous && previous.base + previous.size !== segment.base) {
      report(
        `segment ${path.basename(segment.file)} does not follow the previous one; it and ${found.length - i - 1} later are removed`,
      );
      for (const rest of found.slice(i)) await fs.rm(rest.file, { force: true });
      break;
    }
    const { goodBytes, problem } = scanFrames(await readWhole(segment.file));
    if (problem === undefined) {
      kept.push(segment);
      continue;
    }
    report(
      `segment ${path.basename(segment.file)}: ${problem} at byte ${goodBytes} of ${segment.size}; cut there${i + 1 < found.length ? `, ${found.length - i - 1} later segments removed` : ""}`,
    );
    await truncateDurably(segment.file, goodBytes);
    kept.push({ ...segment, size: goodBytes });
    for (const rest of found.slice(i + 1)) await fs.rm(rest.file, { force: true });
    break;
  }
  await fsyncDir(dir);
  return kept;
}

async function readWhole(file: string): Promise<Buffer> {
  const handle = await fs.open(file, "r");
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function truncateDurably(file: string, size: number): Promise<void> {
  const handle = await fs.open(file, "r+");
  try {
    await handle.truncate(size);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Whole records from `from` up to `to` (a durable end), about `maxBytes` of them (at least one
 * record when there is one, however large).
 */
export async function readRecords(
  segments: readonly Segment[],
  from: number,
  to: number,
  maxBytes: number,
): Promise<LogRecord[]> {
  const records: LogRecord[] = [];
  let position = from;
  let budget = maxBytes;
  for (const segment of segments) {
    const segmentEnd = Math.min(segment.base + segment.size, to);
    if (segmentEnd <= position || segment.base > position) continue;
    const handle = await fs.open(segment.file, "r");
    try {
      while (position < segmentEnd && (budget > 0 || records.length === 0)) {
        const want = Math.min(segmentEnd - position, Math.max(budget, FRAME_HEADER_BYTES));
        let chunk = await readAt(handle, position - segment.base, want);
        let offset = 0;
        while (offset < chunk.length) {
          let frame = readFrame(chunk, offset);
          if (frame.kind === "short" && offset === 0) {
            // One record larger than the budget: read it whole.
            const length = chunk.readUInt32LE(0) + FRAME_HEADER_BYTES;
            chunk = await readAt(handle, position - segment.base, length);
            frame = readFrame(chunk, 0);
          }
          if (frame.kind === "corrupt") throw new Error(`ingest log: ${frame.reason} at position ${position + offset}`);
          if (frame.kind === "short") break;
          records.push({ payload: frame.payload, end: position + frame.next });
          offset = frame.next;
        }
        if (offset === 0) throw new Error(`ingest log: no whole record at position ${position}`);
        position += offset;
        budget -= offset;
      }
    } finally {
      await handle.close();
    }
    if (budget <= 0 || position >= to) break;
  }
  return records;
}

async function readAt(handle: fs.FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
