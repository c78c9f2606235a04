import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { otlpJson, type JsonSpan } from "../ingest/otlp/build-json";
import { E2E_ADMIN, E2E_API_KEY } from "../playwright.config";
import { signInApi, signInWithForm } from "./support/session";
import { waitIngestApplied } from "./support/ingest-applied";

// Alerts that reach someone: a channel's Send test shows the receiver's answer, a rule that
// would reach nobody is marked silent, and acknowledging an unassigned ticket takes it (and
// counts in "My tickets"). The server runs with ALERT_ALLOW_PRIVATE_URLS=1 (playwright.config):
// the receiver listens on 127.0.0.1.

test.describe("alerts reach a person", () => {
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push(body);
      res.writeHead(202).end("thanks from the receiver");
    });
  });
  test.beforeAll(async () => new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve)));
  test.afterAll(async () => new Promise<void>((resolve) => receiver.close(() => resolve())));

  test("send test, silent rules, and an acknowledged ticket that becomes mine", async ({
    page,
    request,
    playwright,
    baseURL,
  }) => {
    const run = randomBytes(3).toString("hex");
    const feature = `reach-e2e-${run}`;
    const admin = await playwright.request.newContext({ baseURL });
    await signInApi(admin, E2E_ADMIN.email, E2E_ADMIN.password);
    const port = (receiver.address() as AddressInfo).port;

    await test.step("a channel, a silent page rule and an unowned failing feature", async () => {
      const refused = await admin.post("/api/v1/channels", {
        data: {
          type: "webhook",
          name: "metadata",
          config: { url: "http://169.254.169.254/", secret: "0123456789abcdef" },
        },
      });
      expect(refused.status()).toBe(400);
      expect(((await refused.json()) as { error: { field: string } }).error.field).toBe("config.url");
      const channel = await admin.post("/api/v1/channels", {
        data: {
          type: "webhook",
          name: `hook ${run}`,
          config: { url: `http://127.0.0.1:${port}/hook`, secret: "0123456789abcdef" },
        },
      });
      expect(channel.status()).toBe(201);
      for (const tier of ["page", "ticket"]) {
        const created = await admin.post("/api/v1/alert-rules", {
          data: {
            name: `${feature} ${tier}`,
            tier,
            metric: "error_rate",
            filter: { feature },
            window: "1h",
            comparator: "gt",
            threshold: 0.05,
            minBreaches: 1,
          },
        });
        expect(created.status()).toBe(201);
      }
      const spans: JsonSpan[] = Array.from({ length: 10 }, (_, i) => ({
        traceId: randomBytes(16).toString("hex"),
        spanId: randomBytes(8).toString("hex"),
        name: `${feature} request`,
        startMs: Date.now() - 60_000,
        durationMs: 50,
        attributes: { "feature.name": feature },
        status: i < 5 ? { code: 2, message: "upstream 502" } : { code: 1 },
      }));
      const sent = await request.post("/v1/traces", {
        headers: { authorization: `Bearer ${E2E_API_KEY}`, "content-type": "application/json" },
        data: JSON.stringify(otlpJson(spans)),
      });
      expect(sent.ok()).toBe(true);
      await waitIngestApplied(request);
      const rules = (await (await admin.get("/api/v1/alert-rules")).json()) as {
        data: Array<{ id: string; name: string }>;
      };
      const ticketRule = rules.data.find((r) => r.name === `${feature} ticket`)!;
      expect((await admin.post(`/api/v1/alert-rules/${ticketRule.id}/evaluate`)).ok()).toBe(true);
      await admin.dispose();
    });

    await signInWithForm(page, E2E_ADMIN.email, E2E_ADMIN.password);
    // Signed in once the form has sent us on; a navigation before that would be overtaken by it.
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    await test.step("Send test shows the receiver's answer", async () => {
      await page.goto("/settings/alerts");
      const row = page.getByRole("table", { name: "Channels" }).getByRole("row", { name: new RegExp(`hook ${run}`) });
      await row.getByRole("button", { name: "Send test" }).click();
      await expect(page.getByRole("status", { name: `Test answer from hook ${run}` })).toContainText(
        "delivered (202): thanks from the receiver",
      );
      expect(received.some((b) => b.includes('"type":"alert.test"'))).toBe(true);
      await expect(row).toContainText("0 waiting, 0 failed");
    });

    await test.step("the page rule without a channel is marked silent", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts", exact: true }).click();
      const row = page
        .getByRole("table", { name: "Alert rules" })
        .getByRole("row", { name: new RegExp(`${feature} page`) });
      await expect(row).toContainText("no channel: its pages reach nobody");
    });

    await test.step("acknowledging the unassigned ticket takes it", async () => {
      await page.goto("/alerts/tickets");
      const row = page
        .getByRole("table", { name: "Tickets" })
        .getByRole("row", { name: new RegExp(`${feature} ticket`) });
      await expect(row).toContainText("unassigned");
      await row.getByRole("link").click();
      await page.getByRole("button", { name: "Acknowledge" }).click();
      await expect(page.getByText("Status: acknowledged")).toBeVisible();
      await expect(page.getByText(`Assignee: ${E2E_ADMIN.email}`)).toBeVisible();
      const mine = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /My tickets: \d+ open/ });
      await expect(mine).not.toHaveAccessibleName("My tickets: 0 open");
    });
  });
});
