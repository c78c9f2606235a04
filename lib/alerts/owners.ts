import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, ne, or } from "drizzle-orm";
import { z } from "zod";
import { db, schema, type Database } from "@/db/postgres/client";
import { actorLabel, audited } from "@/lib/audit/record";
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
  /** Move the feature's open tickets held by someone else (or nobody) to the new owner. */
  moveOpenTickets: z.boolean().optional(),
});

/**
 * Sets a feature's owner. Its open tickets held by someone else stay where they are unless
 * `moveOpenTickets`: the answer counts them (`openTickets`), so the UI can offer the move.
 */
export async function putOwner({ ctx, input }: { ctx: ProjectContext; input: z.infer<typeof ownerInput> }) {
  requirePermission(ctx, "alerts.manage");
  const values = {
    ownerEmail: input.ownerEmail.toLowerCase(),
    escalationEmail: input.escalationEmail?.toLowerCase() ?? null,
    updatedAt: new Date(),
  };
  const t = schema.tickets;
  const { moveOpenTickets, ...details } = input;
  const elsewhere = and(
    eq(t.projectId, ctx.projectId),
    eq(t.feature, input.feature),
    ne(t.status, "resolved"),
    or(isNull(t.assignee), ne(t.assignee, values.ownerEmail)),
  );
  const result = await audited(
    {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "owner.put",
      details: { ...details, moveOpenTickets: moveOpenTickets ?? false },
    },
    async (tx) => {
      await tx
        .insert(schema.featureOwners)
        .values({ projectId: ctx.projectId, feature: input.feature, ...values })
        .onConflictDoUpdate({ target: [schema.featureOwners.projectId, schema.featureOwners.feature], set: values });
      const open = await tx.select({ id: t.id }).from(t).where(elsewhere);
      if (moveOpenTickets !== true || open.length === 0) return { openTickets: open.length, movedTickets: 0 };
      await tx.update(t).set({ assignee: values.ownerEmail, updatedAt: new Date() }).where(elsewhere);
      await tx.insert(schema.ticketEvents).values(
        open.map((o) => ({
          id: randomUUID(),
          ticketId: o.id,
          kind: "assigned" as const,
          actor: actorLabel(ctx.actor),
          body: `${values.ownerEmail} (new owner of ${input.feature})`,
        })),
      );
      return { openTickets: 0, movedTickets: open.length };
    },
  );
  return { feature: input.feature, ...values, ...result };
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

/** `database`: the caller's transaction when it holds one (PGlite serialises everything else behind it). */
export async function ownerOf(
  projectId: string,
  feature: string | undefined,
  database?: Database,
): Promise<{ ownerEmail: string; escalationEmail: string | null } | null> {
  if (!feature) return null;
  const o = schema.featureOwners;
  const [row] = await (database ?? (await db()))
    .select()
    .from(o)
    .where(and(eq(o.projectId, projectId), eq(o.feature, feature)))
    .limit(1);
  return row ? { ownerEmail: row.ownerEmail, escalationEmail: row.escalationEmail } : null;
}
