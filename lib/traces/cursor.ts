// Keyset pagination over (start time, trace id), newest first; opaque to clients.
export type TraceCursor = { startMicros: bigint; traceId: string };

export function encodeCursor(cursor: TraceCursor): string {
  return Buffer.from(`${cursor.startMicros}:${cursor.traceId}`).toString("base64url");
}

export function decodeCursor(value: string): TraceCursor | null {
  const match = /^(\d{1,20}):([0-9a-f]{32})$/.exec(Buffer.from(value, "base64url").toString("utf8"));
  return match ? { startMicros: BigInt(match[1]!), traceId: match[2]! } : null;
}
