import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "@/db/postgres/client";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { changeRole } from "@/lib/members/change-role";
import { putOwner } from "@/lib/alerts/owners";
import { makeProject, makeUser } from "@/lib/testing/factories";

// A real failure of the audit insert: a trigger that refuses audit rows of one actor, made up
// for this file, so that tests running beside it on the same server are not touched.
const doomedActor = `user:doomed-${randomUUID()}`;
const trigger = `refuse_audit_${randomUUID().replaceAll("-", "")}`;

beforeAll(async () => {
  const database = await db();
  await database.execute(
    sql.raw(`CREATE FUNCTION ${trigger}() RETURNS trigger AS $$ BEGIN
    IF NEW.actor = '${doomedActor}' THEN RAISE EXCEPTION 'audit refused for this test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`),
  );
  await database.execute(
    sql.raw(`CREATE TRIGGER ${trigger} BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION ${trigger}()`),
  );
});

afterAll(async () => {
  const database = await db();
  await database.execute(sql.raw(`DROP TRIGGER IF EXISTS ${trigger} ON audit_log`));
  await database.execute(sql.raw(`DROP FUNCTION IF EXISTS ${trigger}()`));
});

describe("a change and its audit row commit together", () => {
  it("rolls the change back when its audit row cannot be written", async () => {
    const owner = await makeProject();
    const doomed = { ...owner, actor: { type: "user" as const, userId: doomedActor.slice("user:".length) } };
    const database = await db();

    await expect(createApiKey({ ctx: doomed, input: { name: "never stored" } })).rejects.toThrow();
    expect(await database.select().from(schema.apiKeys).where(eq(schema.apiKeys.projectId, owner.projectId))).toEqual(
      [],
    );

    await expect(
      putOwner({ ctx: doomed, input: { feature: "checkout", ownerEmail: "owner@test.local" } }),
    ).rejects.toThrow();
    expect(
      await database.select().from(schema.featureOwners).where(eq(schema.featureOwners.projectId, owner.projectId)),
    ).toEqual([]);

    const other = await makeUser();
    await database.insert(schema.memberships).values({ projectId: owner.projectId, userId: other.id, role: "admin" });
    await expect(changeRole({ ctx: doomed, input: { userId: other.id, role: "viewer" } })).rejects.toThrow();
    const [member] = await database
      .select({ role: schema.memberships.role })
      .from(schema.memberships)
      .where(eq(schema.memberships.userId, other.id));
    expect(member?.role).toBe("admin");

    // The same change by anyone else commits with its audit row.
    await changeRole({ ctx: owner, input: { userId: other.id, role: "viewer" } });
    const audit = await database.select().from(schema.auditLog).where(eq(schema.auditLog.projectId, owner.projectId));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["project.create", "member.role"]));
    expect(audit.some((a) => a.actor === doomedActor)).toBe(false);
  });
});
