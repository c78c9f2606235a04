// Keyset pagination over (session start, session id), newest first; opaque to clients. Session
// ids are whatever the application sent, so the id travels base64url-encoded inside the cursor.
export type SessionCursor = { startMicros: bigint; sessionId: string };

export function encodeSessionCursor(cursor: SessionCursor): string {
  const id = Buffer.from(cursor.sessionId).toString("base64url");
  return Buffer.from(`${cursor.startMicros}:${id}`).toString("base64url");
}

export function decodeSessionCursor(value: string): SessionCursor | null {
  const match = /^(\d{1,20}):([A-Za-z0-9_-]{1,400})$/.exec(Buffer.from(value, "base64url").toString("utf8"));
  if (!match) return null;
  const sessionId = Buffer.from(match[2]!, "base64url").toString("utf8");
  return sessionId ? { startMicros: BigInt(match[1]!), sessionId } : null;
}
