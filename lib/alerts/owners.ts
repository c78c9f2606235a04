import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, time } from "@/lib/clickhouse/sql";

// Every feature has an accountable owner (a member or any e-mail address) and an optional
// escalation contact. Features seen in the last 90 days without an owner are listed as such.

export const ownerInput = z.object({
  feature: z.string().trim().min(1).max(200),
  ownerEmail: z.email(),
  escalationEmail: z.email().optional(),
});

export async function putOwner({ ctx, input }: { ctx: ProjectContext; input: z.infer<typeof ownerInput> }) {
  requirePermission(ctx, "alerts.manage");
  const values = {
    ownerEmail: input.ownerEmail.toLowerCase(),
    escalationEmail: input.escalationEmail?.toLowerCase() ?? null,
    updatedAt: new Date(),
  };
  await audited({ projectId: ctx.projectId, actor: ctx.actor, action: "owner.put", details: input }, (tx) =>
    tx
      .insert(schema.featureOwners)
      .values({ projectId: ctx.projectId, feature: input.feature, ...values })
      .onConflictDoUpdate({ target: [schema.featureOwners.projectId, schema.featureOwners.feature], set: values }),
  );
  return { feature: input.feature, ...values };
}

/** The features that have an owner (Postgres only; listOwners adds the features without one). */
export async function featureOwners({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "project.read");
  return (await db()).select().from(schema.featureOwners).where(eq(schema.featureOwners.projectId, ctx.projectId));
}

/** Owners, and every feature seen recently, with or without one. */
export async function listOwners({ ctx, now = new Date() }: { ctx: ProjectContext; now?: Date }) {
  requirePermission(ctx, "project.read");
  const owned = await featureOwners({ ctx });
  const seen = await queryRows<{ feature: string }>({
    projectId: ctx.projectId,
    tag: "owners.features",
    query: sql`SELECT DISTINCT feature FROM ${tables.usage_daily} WHERE ${tables.usage_daily.scope} AND hour >= ${time(new Date(now.getTime() - 90 * 86_400_000))} AND feature != '' ORDER BY feature`,
  });
  const features = [...new Set([...seen.map((s) => s.feature), ...owned.map((o) => o.feature)])].sort();
  return {
    data: features.map((feature) => {
      const owner = owned.find((o) => o.feature === feature);
      return { feature, ownerEmail: owner?.ownerEmail ?? null, escalationEmail: owner?.escalationEmail ?? null };
    }),
  };
}

export async function ownerOf(
  projectId: string,
  feature: string | undefined,
): Promise<{ ownerEmail: string; escalationEmail: string | null } | null> {
  if (!feature) return null;
  const o = schema.featureOwners;
  const [row] = await (
    await db()
  )
    .select()
    .from(o)
    .where(and(eq(o.projectId, projectId), eq(o.feature, feature)))
    .limit(1);
  return row ? { ownerEmail: row.ownerEmail, escalationEmail: row.escalationEmail } : null;
}
