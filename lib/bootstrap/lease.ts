import "server-only";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { and, eq, lt, or, sql } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";

// Background work runs on one replica at a time: the one holding an unexpired lease row.
// A holder renews by taking the lease again; a dead holder's lease expires after `ttlMs`.

const holderId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export async function takeLease(name: string, ttlMs: number): Promise<boolean> {
  const l = schema.leases;
  const expiresAt = new Date(Date.now() + ttlMs);
  const rows = await (
    await db()
  )
    .insert(l)
    .values({ name, holder: holderId, expiresAt })
    .onConflictDoUpdate({
      target: l.name,
      set: { holder: holderId, expiresAt },
      setWhere: or(eq(l.holder, holderId), lt(l.expiresAt, sql`now()`)),
    })
    .returning({ holder: l.holder });
  return rows[0]?.holder === holderId;
}

export async function releaseLease(name: string): Promise<void> {
  const l = schema.leases;
  await (await db()).delete(l).where(and(eq(l.name, name), eq(l.holder, holderId)));
}
