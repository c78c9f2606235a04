import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { signInApi, signInWithForm } from "./support/session";

test.describe("browser boundary", () => {
  test("pages carry a nonce-bound CSP and still run their scripts", async ({ page }) => {
    const response = await page.goto("/signin");
    const headers = response!.headers();
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // Served over plain HTTP here: no HSTS.
    expect(headers["strict-transport-security"]).toBeUndefined();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("the favicon, logo and manifest are served", async ({ request }) => {
    for (const path of ["/favicon.ico", "/favicon.svg", "/logo.svg", "/manifest.webmanifest"]) {
      expect((await request.get(path)).status(), path).toBe(200);
    }
  });

  test("a cross-site text/plain POST with the admin's cookie is refused", async ({ playwright, baseURL }) => {
    const admin = await playwright.request.newContext({ baseURL });
    await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password);
    const forged = await admin.post("/api/v1/projects", {
      headers: { origin: "https://evil.example", "content-type": "text/plain" },
      data: JSON.stringify({ name: "forged" }),
    });
    expect(forged.status()).toBe(403);
    expect(((await forged.json()) as { error: { message: string } }).error.message).toContain("evil.example");
    const plain = await admin.post("/api/v1/projects", {
      headers: { "content-type": "text/plain" },
      data: JSON.stringify({ name: "plain" }),
    });
    expect(plain.status()).toBe(415);
    const own = await admin.post("/api/v1/projects", {
      headers: { origin: new URL(baseURL!).origin },
      data: { name: `Own ${Date.now()}` },
    });
    expect(own.status()).toBe(201);
    await admin.dispose();
  });

  test("wrong passwords lock the account with backoff, also for the right one", async ({
    playwright,
    baseURL,
    page,
  }) => {
    // Its own address, so that this lockout does not slow other specs down.
    const client = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" },
    });
    const email = "nobody-in-particular@e2e.test";
    for (let i = 0; i < 6; i += 1) await signInApi(client, email, `wrong-${i}`);
    const locked = await signInApi(client, email, "wrong-again");
    expect(decodeURIComponent(locked.headers()["location"] ?? (await locked.text()))).toContain(
      "Too many sign-in attempts",
    );
    await client.dispose();

    await page.route("**/*", (route) =>
      route.continue({ headers: { ...route.request().headers(), "x-forwarded-for": "203.0.113.78" } }),
    );
    // The lock lasts 1 s and doubles with each further failure, so on a busy machine it may end
    // before the form is sent: each round adds a failure (a longer lock) until the form meets one.
    await expect(async () => {
      await signInWithForm(page, email, "whatever");
      await expect(page.locator("form").getByRole("alert")).toContainText("Too many sign-in attempts", {
        timeout: 5_000,
      });
    }).toPass({ timeout: 90_000 });
  });
});
