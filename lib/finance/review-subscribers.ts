import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { ServiceError } from "@/lib/api/errors";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";

// Who receives the monthly review by e-mail: members of the project (by id) or any e-mail
// address. PUT replaces the list; a member id that is not a member of the project is a 400.

export const subscribersInput = z.object({
  subscribers: z
    .array(z.string().trim().min(1, "subscribers: an entry is empty").max(320))
    .max(100, "subscribers: at most 100"),
});

/** The subscribers, and the members' ids and addresses so that a member can be picked by address. */
export async function listReviewSubscribers({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "finance.read");
  const database = await db();
  const [rows, members] = await Promise.all([
    database
      .select({ address: schema.reviewSubscribers.address })
      .from(schema.reviewSubscribers)
      .where(eq(schema.reviewSubscribers.projectId, ctx.projectId)),
    database
      .select({ id: schema.users.id, email: schema.users.email })
      .from(schema.memberships)
      .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
      .where(eq(schema.memberships.projectId, ctx.projectId)),
  ]);
  return { subscribers: rows.map((r) => r.address).sort(), members };
}

export async function putReviewSubscribers({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: z.infer<typeof subscribersInput>;
}) {
  requirePermission(ctx, "finance.write");
  const addresses = [...new Set(input.subscribers.map((s) => (s.includes("@") ? s.toLowerCase() : s)))];
  for (const a of addresses.filter((x) => x.includes("@")))
    if (!z.email().safeParse(a).success)
      throw new ServiceError("bad_request", `subscribers: ${a} is not an e-mail address`, "subscribers");
  const ids = addresses.filter((a) => !a.includes("@"));
  const members = ids.length
    ? await (
        await db()
      )
        .select({ userId: schema.memberships.userId })
        .from(schema.memberships)
        .where(and(eq(schema.memberships.projectId, ctx.projectId), inArray(schema.memberships.userId, ids)))
    : [];
  const strangers = ids.filter((id) => !members.some((m) => m.userId === id));
  if (strangers.length)
    throw new ServiceError(
      "bad_request",
      `subscribers: ${strangers[0]} is not a member of this project`,
      "subscribers",
    );
  await audited(
    {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "review_subscribers.put",
      details: { subscribers: addresses },
    },
    async (tx) => {
      await tx.delete(schema.reviewSubscribers).where(eq(schema.reviewSubscribers.projectId, ctx.projectId));
      if (addresses.length)
        await tx
          .insert(schema.reviewSubscribers)
          .values(addresses.map((address) => ({ projectId: ctx.projectId, address })));
    },
  );
  return { subscribers: addresses.sort() };
}

/** The subscribers' e-mail addresses (members resolved to theirs), for the mailing job. */
export async function subscriberEmails(projectId: string): Promise<string[]> {
  const database = await db();
  const rows = await database
    .select({ address: schema.reviewSubscribers.address })
    .from(schema.reviewSubscribers)
    .where(eq(schema.reviewSubscribers.projectId, projectId));
  const ids = rows.map((r) => r.address).filter((a) => !a.includes("@"));
  const users = ids.length
    ? await database
        .select({ email: schema.users.email })
        .from(schema.users)
        .innerJoin(schema.memberships, eq(schema.memberships.userId, schema.users.id))
        .where(and(eq(schema.memberships.projectId, projectId), inArray(schema.users.id, ids)))
    : [];
  return [
    ...new Set([
      ...rows.map((r) => r.address).filter((a) => a.includes("@")),
      ...users.map((u) => u.email.toLowerCase()),
    ]),
  ].sort();
}
