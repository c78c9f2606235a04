import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** Signs in through the page, as a person would. */
export async function signInWithForm(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Done when the form has sent us on, or said why not: a navigation before that is overtaken by it.
  await Promise.race([
    page.waitForURL((url) => !url.pathname.startsWith("/signin"), { timeout: 30_000 }),
    page.locator("form").getByRole("alert").waitFor({ timeout: 30_000 }),
  ]);
}

/** Signs an API client in through next-auth's credentials callback, keeping its cookie. */
export async function signInApi(request: APIRequestContext, email: string, password: string) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  return response;
}

export async function expectSignedIn(page: Page) {
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}
