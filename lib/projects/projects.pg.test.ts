import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db/postgres/client";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import { ServiceError } from "@/lib/api/errors";
import { acceptInvitation, findOpenInvitation } from "@/lib/members/accept-invitation";
import { changeRole } from "@/lib/members/change-role";
import { inviteMember } from "@/lib/members/invite-member";
import { listMembers } from "@/lib/members/list-members";
import { removeMember } from "@/lib/members/remove-member";
import { makeProject, makeUser } from "@/lib/testing/factories";
import { findMembership, listProjectsForUser } from "./list-projects";
import { projectContextFor } from "./project-context";

describe("projects, keys and members (Postgres)", () => {
  it("makes the creator admin of a new project, and records it in the audit log", async () => {
    const ctx = await makeProject({ name: "Checkout" });
    expect(await findMembership(ctx.userId, ctx.projectId)).toMatchObject({ role: "admin", name: "Checkout" });
    const audit = await (await db()).select().from(schema.auditLog).where(eq(schema.auditLog.projectId, ctx.projectId));
    expect(audit.map((a) => a.action)).toContain("project.create");
  });

  it("stores API keys hashed, verifies them for their project only, and revokes them", async () => {
    const a = await makeProject();
    const b = await makeProject();
    const key = await createApiKey({ ctx: a, input: { name: "exporter" } });
    expect(key.secretKey).toMatch(/^sk-obs-/);
    const [stored] = await (await db()).select().from(schema.apiKeys).where(eq(schema.apiKeys.id, key.id));
    expect(stored?.secretHash).not.toContain(key.secretKey);
    expect(JSON.stringify(stored)).not.toContain(key.secretKey);
    expect(await verifyApiKey(key.secretKey)).toEqual({ keyId: key.id, projectId: a.projectId, scopes: ["ingest"] });
    expect(await verifyApiKey(`${key.secretKey}x`)).toBeNull();
    const listed = await listApiKeys({ ctx: a });
    expect(listed[0]).toMatchObject({ name: "exporter", displayPrefix: key.displayPrefix });
    expect(listed[0]?.lastUsedAt).not.toBeNull();

    await expect(revokeApiKey({ ctx: b, keyId: key.id })).rejects.toMatchObject({ code: "not_found" });
    await revokeApiKey({ ctx: a, keyId: key.id });
    expect(await verifyApiKey(key.secretKey)).toBeNull();
  });

  it("lets only admins manage keys and members", async () => {
    const ctx = await makeProject();
    for (const role of ["engineer", "finance", "viewer"] as const) {
      await expect(createApiKey({ ctx: { ...ctx, role }, input: {} })).rejects.toMatchObject({ code: "forbidden" });
      await expect(listMembers({ ctx: { ...ctx, role } })).rejects.toMatchObject({ code: "forbidden" });
    }
  });

  it("invites a new person by link, and adds an existing one at once", async () => {
    const ctx = await makeProject();
    const existing = await makeUser();
    expect(await inviteMember({ ctx, input: { email: existing.email, role: "finance" } })).toMatchObject({
      status: "added",
    });
    expect((await findMembership(existing.id, ctx.projectId))?.role).toBe("finance");

    const local = `new.person.${randomUUID().slice(0, 8)}`;
    const invited = await inviteMember({
      ctx,
      input: { email: `${local.replace("new", "New")}@Example.com`, role: "viewer" },
    });
    expect(invited.status).toBe("invited");
    const token = invited.invitePath!.split("/").pop()!;
    expect(await findOpenInvitation(token)).toMatchObject({ email: `${local}@example.com`, role: "viewer" });
    await acceptInvitation({ token, password: "a-good-password" });
    expect(await findOpenInvitation(token)).toBeUndefined();
    await expect(acceptInvitation({ token, password: "a-good-password" })).rejects.toMatchObject({ code: "not_found" });
    const { members } = await listMembers({ ctx });
    expect(members.find((m) => m.email === `${local}@example.com`)?.role).toBe("viewer");
  });

  it("changes roles and removes members, but never the last admin", async () => {
    const ctx = await makeProject();
    const other = await makeUser();
    await inviteMember({ ctx, input: { email: other.email, role: "engineer" } });
    await expect(changeRole({ ctx, input: { userId: ctx.userId, role: "viewer" } })).rejects.toBeInstanceOf(
      ServiceError,
    );
    await expect(removeMember({ ctx, userId: ctx.userId })).rejects.toMatchObject({ code: "conflict" });
    await changeRole({ ctx, input: { userId: other.id, role: "admin" } });
    await changeRole({ ctx, input: { userId: ctx.userId, role: "viewer" } });
    await removeMember({ ctx: { ...ctx, actor: { type: "user", userId: other.id } }, userId: ctx.userId });
    expect(await findMembership(ctx.userId, ctx.projectId)).toBeUndefined();
    await expect(removeMember({ ctx, userId: "nobody" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("answers 404, not 403, for a project the person is not in", async () => {
    const a = await makeProject();
    const outsider = await makeUser();
    await expect(
      projectContextFor({ id: outsider.id, email: outsider.email, name: null }, a.projectId),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await listProjectsForUser(outsider.id)).toEqual([]);
  });
});
