import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { db, schema, type Database } from "@/db/postgres/client";
import { TICKET_STATUSES } from "@/db/postgres/schema";
import { notFound } from "@/lib/api/errors";
import { actorLabel } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";

// Tickets from ticket-tier rules: one open ticket per rule and group (a unique index on the open
// ones); firing again adds to its history. Assigned at opening to the feature's owner, else the
// rule's, else the project's default assignee (assignment.ts), with the evidence as it was then.

export const ticketPatch = z
  .object({
    status: z.enum(TICKET_STATUSES).optional(),
    assignee: z.email().nullable().optional(),
    comment: z.string().trim().min(1).max(5000).optional(),
  })
  .refine((p) => p.status !== undefined || p.assignee !== undefined || p.comment !== undefined, {
    message: "send status, assignee or comment",
    path: ["status"],
  });

export const ticketQuery = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  /** `me`: tickets assigned to the signed-in person. */
  assignee: z.string().max(320).optional(),
});

type Opening = {
  projectId: string;
  ruleId: string;
  groupKey: string;
  feature: string | null;
  title: string;
  assignee: string | null;
  evidence: Record<string, unknown>;
};

/** Opens a ticket, or adds the firing to the open one (in the transition's transaction); answers its id and whether it is new. */
export async function openOrRefire(database: Database, opening: Opening): Promise<{ id: string; opened: boolean }> {
  const t = schema.tickets;
  const [open] = await database
    .select()
    .from(t)
    .where(and(eq(t.ruleId, opening.ruleId), eq(t.groupKey, opening.groupKey), ne(t.status, "resolved")))
    .limit(1);
  if (open) {
    // Counted in the statement: two evaluations refiring at once both count.
    await database
      .update(t)
      .set({ fireCount: sql`${t.fireCount} + 1`, updatedAt: new Date() })
      .where(eq(t.id, open.id));
    await database.insert(schema.ticketEvents).values({
      id: randomUUID(),
      ticketId: open.id,
      kind: "refired",
      actor: "alerts",
      body: String(opening.evidence.summary ?? ""),
    });
    return { id: open.id, opened: false };
  }
  const id = randomUUID();
  const inserted = await database
    .insert(t)
    .values({ id, ...opening })
    .onConflictDoNothing()
    .returning({ id: t.id });
  if (inserted.length === 0) return openOrRefire(database, opening); // another evaluation opened it meanwhile
  await database.insert(schema.ticketEvents).values({
    id: randomUUID(),
    ticketId: id,
    kind: "opened",
    actor: "alerts",
    body: String(opening.evidence.summary ?? ""),
  });
  return { id, opened: true };
}

export async function noteConditionResolved(
  database: Database,
  ruleId: string,
  groupKey: string,
  body: string,
): Promise<void> {
  const t = schema.tickets;
  const [open] = await database
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.ruleId, ruleId), eq(t.groupKey, groupKey), ne(t.status, "resolved")))
    .limit(1);
  if (open)
    await database
      .insert(schema.ticketEvents)
      .values({ id: randomUUID(), ticketId: open.id, kind: "condition_resolved", actor: "alerts", body });
}

async function actorEmail(ctx: ProjectContext): Promise<string> {
  if (ctx.actor.type !== "user") return actorLabel(ctx.actor);
  const [user] = await (await db())
    .select({ email: schema.users.email })
    .from(schema.users)
    .where(eq(schema.users.id, ctx.actor.userId))
    .limit(1);
  return user?.email ?? actorLabel(ctx.actor);
}

export async function listTickets({ ctx, query }: { ctx: ProjectContext; query: z.infer<typeof ticketQuery> }) {
  requirePermission(ctx, "project.read");
  const t = schema.tickets;
  const conditions = [eq(t.projectId, ctx.projectId)];
  if (query.status) conditions.push(eq(t.status, query.status));
  if (query.assignee)
    conditions.push(eq(t.assignee, query.assignee === "me" ? await actorEmail(ctx) : query.assignee.toLowerCase()));
  const rows = await (
    await db()
  )
    .select({ ticket: t, ruleName: schema.alertRules.name, tier: schema.alertRules.tier })
    .from(t)
    .innerJoin(schema.alertRules, eq(schema.alertRules.id, t.ruleId))
    .where(and(...conditions))
    .orderBy(desc(t.updatedAt))
    .limit(200);
  return { data: rows.map((r) => ({ ...r.ticket, ruleName: r.ruleName })) };
}

export async function getTicket({ ctx, id }: { ctx: ProjectContext; id: string }) {
  requirePermission(ctx, "project.read");
  const t = schema.tickets;
  const [row] = await (
    await db()
  )
    .select()
    .from(t)
    .where(and(eq(t.id, id), eq(t.projectId, ctx.projectId)))
    .limit(1);
  if (!row) throw notFound("Ticket not found");
  const history = await (await db())
    .select()
    .from(schema.ticketEvents)
    .where(eq(schema.ticketEvents.ticketId, id))
    .orderBy(asc(schema.ticketEvents.at));
  return { ...row, history };
}

export async function patchTicket({
  ctx,
  id,
  patch,
}: {
  ctx: ProjectContext;
  id: string;
  patch: z.infer<typeof ticketPatch>;
}) {
  requirePermission(ctx, "tickets.write");
  const actor = await actorEmail(ctx);
  const t = schema.tickets;
  await (
    await db()
  ).transaction(async (tx) => {
    // Locked until commit: two transitions at once (acknowledge and resolve, two assignments)
    // apply one after the other, each from the state the previous one left, never both from
    // the same one.
    const [current] = await tx
      .select()
      .from(t)
      .where(and(eq(t.id, id), eq(t.projectId, ctx.projectId)))
      .for("update");
    if (!current) throw notFound("Ticket not found");
    const events: Array<typeof schema.ticketEvents.$inferInsert> = [];
    const set: Partial<typeof schema.tickets.$inferInsert> = { updatedAt: new Date() };
    if (patch.status && patch.status !== current.status) {
      set.status = patch.status;
      events.push({
        id: randomUUID(),
        ticketId: id,
        kind: "status",
        actor,
        body: `${current.status} → ${patch.status}`,
      });
    }
    // Acknowledging a ticket nobody holds takes it.
    const assignee =
      patch.assignee === undefined && patch.status === "acknowledged" && !current.assignee && ctx.actor.type === "user"
        ? actor
        : patch.assignee;
    if (assignee !== undefined && assignee !== current.assignee) {
      set.assignee = assignee?.toLowerCase() ?? null;
      events.push({ id: randomUUID(), ticketId: id, kind: "assigned", actor, body: assignee ?? "unassigned" });
    }
    if (patch.comment) events.push({ id: randomUUID(), ticketId: id, kind: "comment", actor, body: patch.comment });
    await tx.update(t).set(set).where(eq(t.id, id));
    if (events.length) await tx.insert(schema.ticketEvents).values(events);
  });
  return getTicket({ ctx, id });
}

/** Open and acknowledged tickets held by the signed-in person: the navigation's "My tickets" count. */
export async function myOpenTicketCount({ ctx }: { ctx: ProjectContext }): Promise<number> {
  requirePermission(ctx, "project.read");
  if (ctx.actor.type !== "user") return 0;
  const t = schema.tickets;
  const [row] = await (
    await db()
  )
    .select({ n: count() })
    .from(t)
    .where(and(eq(t.projectId, ctx.projectId), eq(t.assignee, await actorEmail(ctx)), ne(t.status, "resolved")));
  return row?.n ?? 0;
}
