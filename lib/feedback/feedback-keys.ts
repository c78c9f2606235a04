import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { notFound } from "@/lib/api/errors";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";

// Public keys for POST /api/v1/feedback. They can do nothing but record end-user feedback on a
// trace of their project, from the origins listed, at a limited rate.

const origin = z.union([z.literal("*"), z.url().transform((u) => new URL(u).origin)]);
export const feedbackKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  allowedOrigins: z.array(origin).max(50).default([]),
  ratePerMinute: z.number().int().min(1).max(10_000).default(60),
});

export type FeedbackKey = typeof schema.feedbackKeys.$inferSelect;

export async function createFeedbackKey({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: z.infer<typeof feedbackKeyInput>;
}) {
  requirePermission(ctx, "settings.manage");
  const id = randomUUID();
  return audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "feedback_key.create", details: { id, name: input.name } },
    async (tx) => {
      const [row] = await tx
        .insert(schema.feedbackKeys)
        .values({
          id,
          projectId: ctx.projectId,
          publicKey: `pk-obs-${randomBytes(18).toString("base64url")}`,
          ...input,
        })
        .returning();
      return row!;
    },
  );
}

export async function listFeedbackKeys({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "settings.view");
  const k = schema.feedbackKeys;
  return (await db()).select().from(k).where(eq(k.projectId, ctx.projectId)).orderBy(desc(k.createdAt));
}

export async function revokeFeedbackKey({ ctx, id }: { ctx: ProjectContext; id: string }) {
  requirePermission(ctx, "settings.manage");
  const k = schema.feedbackKeys;
  await audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "feedback_key.revoke", details: { id } },
    async (tx) => {
      const [row] = await tx
        .update(k)
        .set({ revokedAt: new Date() })
        .where(and(eq(k.id, id), eq(k.projectId, ctx.projectId), isNull(k.revokedAt)))
        .returning();
      if (!row) throw notFound("Feedback key not found");
    },
  );
  keyCache.clear();
  return { ok: true };
}

// Looked up on every feedback post and preflight: cache briefly (on globalThis, as Next bundles routes apart).
const holder = globalThis as unknown as { __feedbackKeys?: Map<string, { key: FeedbackKey | null; until: number }> };
const keyCache = (holder.__feedbackKeys ??= new Map());

export async function findFeedbackKey(publicKey: string): Promise<FeedbackKey | null> {
  if (!publicKey.startsWith("pk-obs-") || publicKey.length > 100) return null;
  const hit = keyCache.get(publicKey);
  if (hit && hit.until > Date.now()) return hit.key;
  const k = schema.feedbackKeys;
  const [row] = await (
    await db()
  )
    .select()
    .from(k)
    .where(and(eq(k.publicKey, publicKey), isNull(k.revokedAt)))
    .limit(1);
  if (keyCache.size > 10_000) keyCache.clear();
  keyCache.set(publicKey, { key: row ?? null, until: Date.now() + 30_000 });
  return row ?? null;
}
