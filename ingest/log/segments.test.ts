import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IngestLog } from "./log";
import { listSegments } from "./segments";

const dirs: string[] = [];
const freshDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-log-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const open = (dir: string, reports: string[] = [], segmentBytes = 1 << 20) =>
  IngestLog.open({ dir, segmentBytes, startAt: 0, report: (m) => reports.push(m) });
const record = (i: number) => Buffer.from(JSON.stringify({ i, pad: "x".repeat(i % 7) }));
const readAll = async (log: IngestLog) =>
  (await log.read(log.start, 1 << 30)).map((r) => JSON.parse(r.payload.toString()) as { i: number });

describe("the ingest log's segments", () => {
  it("shares one write among concurrent appends and reads every record back in order, across segments and a restart", async () => {
    const dir = freshDir();
    const log = await open(dir, [], 200);
    const ends = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(record(i))));
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    expect(ends[49]).toBe(log.durableEnd);
    for (let i = 50; i < 60; i++) await log.append(record(i));
    await log.close();
    expect((await listSegments(dir)).length).toBeGreaterThan(1);
    const again = await open(dir);
    expect((await readAll(again)).map((r) => r.i)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // Reading from a record's end starts at the next record.
    expect(JSON.parse((await again.read(ends[9]!, 1))[0]!.payload.toString())).toMatchObject({ i: 10 });
    await again.close();
  });

  it("cuts a torn tail at the last whole record and appends after it", async () => {
    const dir = freshDir();
    const log = await open(dir);
    for (let i = 0; i < 5; i++) await log.append(record(i));
    await log.close();
    const [segment] = await listSegments(dir);
    fs.truncateSync(segment!.file, segment!.size - 3); // a crash in the middle of the last write
    const reports: string[] = [];
    const again = await open(dir, reports);
    expect(reports[0]).toMatch(/torn record at the end/);
    expect((await readAll(again)).map((r) => r.i)).toEqual([0, 1, 2, 3]);
    await again.append(record(9));
    expect((await readAll(again)).map((r) => r.i)).toEqual([0, 1, 2, 3, 9]);
    await again.close();
  });

  it("never replays a corrupt record or anything after it, in its segment or later ones", async () => {
    const dir = freshDir();
    const log = await open(dir, [], 100);
    for (let i = 0; i < 20; i++) await log.append(record(i));
    await log.close();
    const segments = await listSegments(dir);
    expect(segments.length).toBeGreaterThan(2);
    const bytes = fs.readFileSync(segments[1]!.file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 2) ^ 0xff, bytes.length - 2); // a flipped byte in the second segment's last record
    fs.writeFileSync(segments[1]!.file, bytes);
    const reports: string[] = [];
    const again = await open(dir, reports);
    expect(reports[0]).toMatch(/checksum mismatch.*later segments removed/);
    const kept = (await readAll(again)).map((r) => r.i);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => i));
    expect(kept.length).toBeLessThan(20);
    expect((await listSegments(dir)).length).toBe(2);
    await again.close();
  });

  it("starts after the applied position when a cut leaves the log shorter than it", async () => {
    const dir = freshDir();
    const log = await open(dir);
    let end = 0;
    for (let i = 0; i < 5; i++) end = await log.append(record(i));
    await log.close();
    const [segment] = await listSegments(dir);
    fs.truncateSync(segment!.file, 3);
    const again = await IngestLog.open({ dir, segmentBytes: 1 << 20, startAt: end, report: () => undefined });
    expect(again.durableEnd).toBe(end);
    const next = await again.append(record(7));
    expect((await again.read(end, 1 << 20)).map((r) => r.end)).toEqual([next]);
    await again.close();
  });

  it("drops segments wholly before a position, never the one being written", async () => {
    const dir = freshDir();
    const log = await open(dir, [], 100);
    const ends: number[] = [];
    for (let i = 0; i < 20; i++) ends.push(await log.append(record(i)));
    await log.dropBefore(log.durableEnd);
    const left = await listSegments(dir);
    expect(left).toHaveLength(1);
    expect(log.start).toBe(left[0]!.base);
    await log.close();
  });
});
