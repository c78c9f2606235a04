import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema } from "@/db/postgres/client";
import { listRules } from "@/lib/alerts/rules";
import { getTicket, openOrRefire, patchTicket } from "@/lib/alerts/tickets";
import { changeRole } from "@/lib/members/change-role";
import { removeMember } from "@/lib/members/remove-member";
import { makeProject, makeUser } from "@/lib/testing/factories";

// Races need two connections: PGlite has one, so these run against the PostgreSQL server only
// (TEST_DATABASE_URL). Each round starts both changes together; without the row locks both
// would read "another admin remains" and both commit.
const serverOnly = process.env.OBS_TEST_USE_SERVER_PG === "1" ? describe : describe.skip;
const ROUNDS = 10;

async function twoAdmins() {
  const a = await makeProject();
  const b = await makeUser();
  await (await db()).insert(schema.memberships).values({ projectId: a.projectId, userId: b.id, role: "admin" });
  return { a, ctxB: { ...a, actor: { type: "user" as const, userId: b.id } }, bId: b.id };
}

async function adminsOf(projectId: string) {
  const m = schema.memberships;
  return (await (await db()).select().from(m).where(eq(m.projectId, projectId))).filter((row) => row.role === "admin");
}

serverOnly("concurrent changes (PostgreSQL server)", () => {
  it("lets one of two simultaneous demotions of the last two admins through, and refuses the other clearly", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { a, ctxB, bId } = await twoAdmins();
      const results = await Promise.allSettled([
        changeRole({ ctx: a, input: { userId: bId, role: "viewer" } }),
        round % 2
          ? removeMember({ ctx: ctxB, userId: a.userId })
          : changeRole({ ctx: ctxB, input: { userId: a.userId, role: "viewer" } }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const [refused] = results.filter((r) => r.status === "rejected");
      expect(refused?.reason).toMatchObject({ code: "conflict", message: "A project needs at least one admin" });
      expect(await adminsOf(a.projectId)).toHaveLength(1);
    }
  });

  it("applies two simultaneous transitions of a ticket one after the other", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const ctx = await makeProject();
      const [rule] = await listRules(ctx);
      const { id } = await openOrRefire(await db(), {
        projectId: ctx.projectId,
        ruleId: rule!.id,
        groupKey: `g${round}`,
        feature: null,
        title: "Cost up",
        assignee: null,
        evidence: {},
      });
      await Promise.all([
        patchTicket({ ctx, id, patch: { status: "acknowledged" } }),
        patchTicket({ ctx, id, patch: { status: "resolved" } }),
      ]);
      const transitions = (await getTicket({ ctx, id })).history
        .filter((e) => e.kind === "status")
        .map((e) => e.body ?? "");
      // Each one starts from the state the other left: never both from "open".
      expect(transitions.filter((t) => t.startsWith("open →"))).toHaveLength(1);
      // History rows of the same millisecond come back in either order: chain them by state, not by position.
      if (transitions.length === 2) {
        const first = transitions.find((t) => t.startsWith("open →"))!;
        const second = transitions.find((t) => t !== first)!;
        expect(second.split(" → ")[0]).toBe(first.split(" → ")[1]);
      }
    }
  });
});
