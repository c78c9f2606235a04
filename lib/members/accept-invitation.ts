import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { recordAudit } from "@/lib/audit/record";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { hashSecret } from "@/lib/api-keys/secret";
import { ensureUser } from "@/lib/users/create-user";
import { ServiceError } from "@/lib/api/errors";

export const acceptInvitationInput = z.object({
  token: z.string().min(10),
  name: z.string().trim().max(100).optional(),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `password must have at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(200),
});

export async function findOpenInvitation(token: string) {
  const i = schema.invitations;
  const rows = await (
    await db()
  )
    .select({ id: i.id, email: i.email, role: i.role, projectId: i.projectId, projectName: schema.projects.name })
    .from(i)
    .innerJoin(schema.projects, eq(schema.projects.id, i.projectId))
    .where(and(eq(i.tokenHash, hashSecret(token)), isNull(i.acceptedAt), gt(i.expiresAt, new Date())))
    .limit(1);
  return rows[0];
}

export async function acceptInvitation(input: z.infer<typeof acceptInvitationInput>) {
  const invitation = await findOpenInvitation(input.token);
  if (!invitation) throw new ServiceError("not_found", "This invitation is invalid or has expired");
  const user = await ensureUser({ email: invitation.email, name: input.name, password: input.password });
  await (
    await db()
  ).transaction(async (tx) => {
    await tx
      .insert(schema.memberships)
      .values({ projectId: invitation.projectId, userId: user.id, role: invitation.role })
      .onConflictDoNothing();
    await tx.update(schema.invitations).set({ acceptedAt: new Date() }).where(eq(schema.invitations.id, invitation.id));
    await recordAudit(tx, {
      projectId: invitation.projectId,
      actor: { type: "user", userId: user.id },
      action: "member.join",
      target: user.id,
    });
  });
  return { email: invitation.email };
}
