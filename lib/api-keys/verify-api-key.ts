import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";
import { hashSecret } from "./secret";

import type { ApiKeyScope } from "@/lib/domain/api-key-scopes";

export type VerifiedKey = { keyId: string; projectId: string; scopes: ApiKeyScope[] };

// Ingest calls this on every request: cache hits briefly, and write last-used at most once a minute.
const CACHE_MS = 30_000;
// On globalThis: Next bundles routes separately, and a revocation must reach all of them.
const holder = globalThis as unknown as { __apiKeyCache?: Map<string, { key: VerifiedKey | null; until: number }> };
const cache = (holder.__apiKeyCache ??= new Map());

export async function verifyApiKey(secret: string): Promise<VerifiedKey | null> {
  if (!secret || secret.length > 512) return null;
  const hash = hashSecret(secret);
  const hit = cache.get(hash);
  if (hit && hit.until > Date.now()) return hit.key;
  const k = schema.apiKeys;
  const database = await db();
  const rows = await database
    .select({ keyId: k.id, projectId: k.projectId, scopes: k.scopes })
    .from(k)
    .where(and(eq(k.secretHash, hash), isNull(k.revokedAt)))
    .limit(1);
  const row = rows[0];
  const key = row ? { ...row, scopes: row.scopes as ApiKeyScope[] } : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { key, until: Date.now() + CACHE_MS });
  if (key) {
    const minuteAgo = new Date(Date.now() - 60_000);
    await database
      .update(k)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(k.id, key.keyId), or(isNull(k.lastUsedAt), lt(k.lastUsedAt, minuteAgo))));
  }
  return key;
}

/** Revocation must take effect at once on this replica. */
export function forgetCachedKeys(): void {
  cache.clear();
}
