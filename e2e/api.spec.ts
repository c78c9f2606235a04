import { expect, test } from "@playwright/test";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { signInApi } from "./support/session";

test.describe("admin API: validation, credentials and isolation", () => {
  test("health reports both stores", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      clickhouse: "ok",
      postgres: "ok",
      ingestLog: {
        appliedPosition: expect.any(Number),
        backlogBytes: expect.any(Number),
        lagSeconds: expect.any(Number),
      },
    });
  });

  test("without a session or with a wrong key: 401 with a JSON error", async ({ request }) => {
    const anonymous = await request.post("/api/v1/projects", { data: { name: "x" } });
    expect(anonymous.status()).toBe(401);
    expect((await anonymous.json()).error.code).toBe("unauthorized");
    const wrongKey = await request.get("/api/v1/api-keys", { headers: { authorization: "Bearer sk-obs-wrong" } });
    expect(wrongKey.status()).toBe(401);
    expect((await wrongKey.json()).error).toMatchObject({ code: "unauthorized" });
  });

  test("invalid bodies get a 400 that names the field", async ({ playwright, baseURL }) => {
    const admin = await playwright.request.newContext({ baseURL });
    expect((await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password)).ok()).toBe(true);
    const empty = await admin.post("/api/v1/projects", { data: { name: "" } });
    expect(empty.status()).toBe(400);
    expect((await empty.json()).error).toMatchObject({ code: "bad_request", field: "name" });
    const notJson = await admin.post("/api/v1/projects", {
      data: "{oops",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status()).toBe(400);
    const badRole = await admin.post("/api/v1/members", { data: { email: "a@b.test", role: "owner" } });
    expect(badRole.status()).toBe(400);
    expect((await badRole.json()).error.field).toBe("role");
    const badEmail = await admin.post("/api/v1/members", { data: { email: "not-an-email", role: "viewer" } });
    expect((await badEmail.json()).error.field).toBe("email");
    await admin.dispose();
  });

  test("project A's admin gets 404 for anything of project B", async ({ playwright, baseURL }) => {
    const adminA = await playwright.request.newContext({ baseURL });
    await signInApi(adminA, E2E_ADMIN.email, E2E_ADMIN.password);
    const created = await adminA.post("/api/v1/projects", { data: { name: `Project B ${Date.now()}` } });
    expect(created.status()).toBe(201);
    const projectB = (await created.json()) as { id: string; name: string };
    const key = await adminA.post(`/api/v1/projects/${projectB.id}/api-keys`, { data: { name: "b key" } });
    expect(key.status()).toBe(201);
    const { secretKey } = (await key.json()) as { id: string; secretKey: string };
    expect(secretKey).toMatch(/^sk-obs-/);

    // An invited outsider, admin of nothing in B.
    const outsiderEmail = `outsider-${Date.now()}@e2e.test`;
    const invite = await adminA.post("/api/v1/members", { data: { email: outsiderEmail, role: "admin" } });
    const token = ((await invite.json()) as { invitePath: string }).invitePath.split("/").pop();
    expect((await adminA.post("/api/invitations/accept", { data: { token, password: "outsider-pass" } })).ok()).toBe(
      true,
    );
    const outsider = await playwright.request.newContext({ baseURL });
    await signInApi(outsider, outsiderEmail, "outsider-pass");
    const forB = await outsider.post(`/api/v1/projects/${projectB.id}/api-keys`, { data: {} });
    expect(forB.status()).toBe(404);
    const switchToB = await outsider.post("/api/session/project", { data: { projectId: projectB.id } });
    expect(switchToB.status()).toBe(404);
    const unknown = await outsider.post(`/api/v1/projects/does-not-exist/api-keys`, { data: {} });
    expect(unknown.status()).toBe(404);
    expect(await forB.text()).toBe(await unknown.text());

    // The project's key and the INIT key each see their own project only.
    expect(E2E_API_KEY).not.toBe(secretKey);
    await adminA.dispose();
    await outsider.dispose();
  });
});
