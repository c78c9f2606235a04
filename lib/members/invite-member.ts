import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { schema } from "@/db/postgres/client";
import { ROLES } from "@/db/postgres/schema";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { hashSecret } from "@/lib/api-keys/secret";
import { findUserByEmail, normalizeEmail } from "@/lib/users/create-user";

export const inviteMemberInput = z.object({
  email: z.email("email must be an e-mail address").transform(normalizeEmail),
  role: z.enum(ROLES),
});

const INVITATION_DAYS = 7;

/**
 * Someone who already has an account joins at once; anyone else gets an invitation link
 * (valid a week) where they choose a password. The link is returned to show the admin.
 */
export async function inviteMember({ ctx, input }: { ctx: ProjectContext; input: z.infer<typeof inviteMemberInput> }) {
  requirePermission(ctx, "members.manage");
  input = { ...input, email: normalizeEmail(input.email) };
  const existing = await findUserByEmail(input.email);
  if (existing) {
    await audited(
      {
        projectId: ctx.projectId,
        actor: ctx.actor,
        action: "member.add",
        target: existing.id,
        details: { role: input.role },
      },
      (tx) =>
        tx
          .insert(schema.memberships)
          .values({ projectId: ctx.projectId, userId: existing.id, role: input.role })
          .onConflictDoUpdate({
            target: [schema.memberships.projectId, schema.memberships.userId],
            set: { role: input.role },
          }),
    );
    return { status: "added" as const, email: input.email };
  }
  const token = randomBytes(24).toString("base64url");
  await audited(
    {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "member.invite",
      target: input.email,
      details: { role: input.role },
    },
    (tx) =>
      tx.insert(schema.invitations).values({
        id: randomUUID(),
        projectId: ctx.projectId,
        email: input.email,
        role: input.role,
        tokenHash: hashSecret(token),
        invitedBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      }),
  );
  return { status: "invited" as const, email: input.email, invitePath: `/invite/${token}` };
}
