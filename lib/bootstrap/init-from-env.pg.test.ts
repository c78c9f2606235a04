import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import { verifyPassword } from "@/lib/auth/password";
import { findMembership } from "@/lib/projects/list-projects";
import { findUserByEmail } from "@/lib/users/create-user";
import { initFromEnv } from "./init-from-env";

describe("headless start", () => {
  it("creates admin, project and key once, and changes nothing when run again", async () => {
    const suffix = randomUUID().slice(0, 8);
    const init = {
      adminEmail: `ops-${suffix}@example.com`,
      adminPassword: "init-password",
      projectName: `Prod ${suffix}`,
      projectApiKey: `sk-given-${suffix}-0123456789`,
    };
    const first = await initFromEnv(init);
    const second = await initFromEnv(init);
    expect(second).toEqual(first);
    const admin = await findUserByEmail(init.adminEmail);
    expect(await verifyPassword("init-password", admin?.passwordHash)).toBe(true);
    expect((await findMembership(admin!.id, first.projectId!))?.role).toBe("admin");
    expect(await verifyApiKey(init.projectApiKey)).toMatchObject({ projectId: first.projectId });
  });
});
