import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";
import { hashPassword } from "@/lib/auth/password";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(email: string) {
  const rows = await (
    await db()
  )
    .select()
    .from(schema.users)
    .where(eq(schema.users.email, normalizeEmail(email)))
    .limit(1);
  return rows[0];
}

/** Creates the user, or returns the existing one with that e-mail (setting a password if given and none yet). */
export async function ensureUser(input: { email: string; name?: string | null; password?: string }) {
  const existing = await findUserByEmail(input.email);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  if (existing) {
    if (passwordHash && !existing.passwordHash) {
      await (await db()).update(schema.users).set({ passwordHash }).where(eq(schema.users.id, existing.id));
    }
    return existing;
  }
  const [created] = await (
    await db()
  )
    .insert(schema.users)
    .values({ id: randomUUID(), email: normalizeEmail(input.email), name: input.name ?? null, passwordHash })
    .onConflictDoNothing()
    .returning();
  return created ?? (await findUserByEmail(input.email))!;
}
