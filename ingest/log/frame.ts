import { crc32c } from "@node-rs/crc32";

// One record on disk: payload length (u32 LE), CRC32C of the payload (u32 LE), payload. A frame
// whose length runs past the file's end is torn (a crash mid-write); one whose checksum does not
// match is corrupt. Both end the readable log: nothing after them is trusted.

export const FRAME_HEADER_BYTES = 8;
/** Larger than any record ingest writes (a request is at most 64 MiB decompressed). */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export function encodeFrame(payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32c(payload), 4);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

export type FrameRead =
  | { kind: "record"; payload: Buffer; next: number }
  /** Fewer bytes than the frame needs: the end of what was read (or a torn tail at the file's end). */
  | { kind: "short" }
  | { kind: "corrupt"; reason: string };

/** The frame starting at `offset` in `buffer`. */
export function readFrame(buffer: Buffer, offset: number): FrameRead {
  if (buffer.length - offset < FRAME_HEADER_BYTES) return { kind: "short" };
  const length = buffer.readUInt32LE(offset);
  if (length > MAX_RECORD_BYTES) return { kind: "corrupt", reason: `length ${length} exceeds ${MAX_RECORD_BYTES}` };
  const end = offset + FRAME_HEADER_BYTES + length;
  if (end > buffer.length) return { kind: "short" };
  const payload = buffer.subarray(offset + FRAME_HEADER_BYTES, end);
  if (crc32c(payload) !== buffer.readUInt32LE(offset + 4)) return { kind: "corrupt", reason: "checksum mismatch" };
  return { kind: "record", payload, next: end };
}
