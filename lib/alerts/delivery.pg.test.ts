import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { reloadEnv } from "@/lib/config/env";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { channelInput, createChannel, listChannels } from "./channels";
import { settleDeliveries } from "./deliver";
import { evaluateProject, evaluateRule } from "./evaluate";
import { retryOutbox } from "./outbox";
import { evaluateRuleNow } from "./rule-runs";
import { createRule, getRule, ruleInput } from "./rules";
import { addressProblem } from "./url-guard";

process.env.ALERT_RETRY_BASE_MS = "5";
const allowPrivate = (on: boolean) => {
  process.env.ALERT_ALLOW_PRIVATE_URLS = on ? "1" : "0";
  reloadEnv();
};
allowPrivate(true);
const secret = "whsec-0123456789abcdef";
let ctx: ProjectContext;
let base = "";
let downUntilFixed = true;
const received: Array<{ path: string; body: string }> = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    received.push({ path: req.url ?? "", body });
    if (req.url === "/redirect") return res.writeHead(302, { location: "http://169.254.169.254/latest" }).end();
    if (req.url === "/down" && downUntilFixed) return res.writeHead(503).end("maintenance");
    if (req.url === "/dead") return res.writeHead(500).end("dead");
    res.writeHead(202).end("accepted");
  });
});

async function failingCalls(feature: string) {
  const spans: JsonSpan[] = Array.from({ length: 10 }, (_, i) => ({
    traceId: traceId(),
    spanId: spanId(),
    name: `${feature} request`,
    startMs: Date.now() - 120_000 + i,
    durationMs: 50,
    attributes: { "feature.name": feature },
    status: i < 5 ? { code: 2, message: "upstream 502" } : { code: 1 },
  }));
  const { rows, scores } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows, scores);
}

const hook = (name: string, path: string) =>
  createChannel({
    ctx,
    input: channelInput.parse({ type: "webhook", name, config: { url: `${base}${path}`, secret } }),
  });

async function pageRule(feature: string, channelIds: string[]) {
  const rule = await createRule({
    ctx,
    input: ruleInput.parse({
      name: `${feature} errors`,
      tier: "page",
      metric: "error_rate",
      filter: { feature },
      window: "1h",
      comparator: "gt",
      threshold: 0.05,
      channelIds,
      minBreaches: 1,
    }),
  });
  return getRule(ctx, rule.id);
}

const outboxOf = async (channelId: string) =>
  (await db()).select().from(schema.alertOutbox).where(eq(schema.alertOutbox.channelId, channelId));

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
});
afterAll(async () => {
  await settleDeliveries();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe("one notification per transition", () => {
  it("sends one notification when evaluate-now and the background pass run at once", async () => {
    await failingCalls("race");
    const channel = await hook("race", "/race");
    const rule = await pageRule("race", [channel.id]);
    const [now] = await Promise.all([
      evaluateRuleNow({ ctx, id: rule.id }),
      evaluateProject(ctx.projectId),
      evaluateRule(rule),
    ]);
    expect(now.map((s) => s.state)).toEqual(["firing"]);
    await settleDeliveries();
    const events = await (await db()).select().from(schema.alertEvents).where(eq(schema.alertEvents.ruleId, rule.id));
    expect(events.map((e) => e.kind)).toEqual(["firing"]);
    expect(received.filter((r) => r.path === "/race")).toHaveLength(1);
    expect((await outboxOf(channel.id)).map((o) => [o.status, o.attempts])).toEqual([["sent", 1]]);
  });
});

describe("passes in turn", () => {
  it("counts two concurrent passes as two evaluations and fires once, even when the second decides what it did not predict", async () => {
    await failingCalls("twice");
    const channel = await hook("twice", "/twice");
    const rule = await getRule(
      ctx,
      (
        await createRule({
          ctx,
          input: ruleInput.parse({
            name: "twice errors",
            tier: "page",
            metric: "error_rate",
            filter: { feature: "twice" },
            window: "1h",
            comparator: "gt",
            threshold: 0.05,
            channelIds: [channel.id],
            minBreaches: 2,
          }),
        })
      ).id,
    );
    const passes = await Promise.all([evaluateRule(rule), evaluateRule(rule)]);
    expect(passes.map((p) => p[0]!.state).sort()).toEqual(["firing", "ok"]);
    await settleDeliveries();
    const events = await (await db()).select().from(schema.alertEvents).where(eq(schema.alertEvents.ruleId, rule.id));
    expect(events.map((e) => e.kind)).toEqual(["firing"]);
    expect(received.filter((r) => r.path === "/twice")).toHaveLength(1);
  });
});

describe("the outbox", () => {
  it("keeps a delivery that failed every attempt and sends it on a later retry", async () => {
    await failingCalls("outage");
    const channel = await hook("down for a while", "/down");
    const rule = await pageRule("outage", [channel.id]);
    await evaluateRule(rule);
    await settleDeliveries();
    const [kept] = await outboxOf(channel.id);
    expect(kept).toMatchObject({ status: "pending", attempts: 3, lastStatus: 503, lastResponse: "maintenance" });
    expect((await listChannels({ ctx })).find((c) => c.id === channel.id)?.outbox).toEqual({ pending: 1, failed: 0 });

    // Not due yet: the first retry waits a minute.
    expect(await retryOutbox(ctx.projectId, new Date(kept!.nextAttemptAt.getTime() - 1_000))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(await retryOutbox(ctx.projectId, kept!.nextAttemptAt)).toEqual({ sent: 0, failed: 1 });
    const [again] = await outboxOf(channel.id);
    expect(again!.nextAttemptAt.getTime() - kept!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(120_000);
    downUntilFixed = false;
    expect(await retryOutbox(ctx.projectId, again!.nextAttemptAt)).toEqual({ sent: 1, failed: 0 });
    const [sent] = await outboxOf(channel.id);
    expect(sent).toMatchObject({ status: "sent", attempts: 5, lastStatus: 202 });
    const attempts = await (await db())
      .select()
      .from(schema.alertDeliveries)
      .where(eq(schema.alertDeliveries.channelId, channel.id));
    expect(attempts.sort((a, b) => a.attempt - b.attempt).map((a) => a.ok)).toEqual([false, false, false, false, true]);
    expect((await listChannels({ ctx })).find((c) => c.id === channel.id)?.outbox).toEqual({ pending: 0, failed: 0 });
  });

  it("gives up after a day and shows it on the channel", async () => {
    await failingCalls("gone");
    const channel = await hook("dead", "/dead");
    const rule = await pageRule("gone", [channel.id]);
    await evaluateRule(rule);
    await settleDeliveries();
    await retryOutbox(ctx.projectId, new Date(Date.now() + 25 * 3_600_000));
    expect((await outboxOf(channel.id)).map((o) => o.status)).toEqual(["failed"]);
    expect((await listChannels({ ctx })).find((c) => c.id === channel.id)?.outbox).toEqual({ pending: 0, failed: 1 });
  });
});

describe("channel URLs", () => {
  const webhook = (url: string) =>
    createChannel({ ctx, input: channelInput.parse({ type: "webhook", name: "w", config: { url, secret } }) });

  it("refuses metadata and link-local addresses always, private and loopback ones unless allowed", async () => {
    allowPrivate(false);
    try {
      for (const url of [
        "http://169.254.169.254/latest/meta-data",
        "http://[fd00:ec2::254]/",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://127.0.0.1:9/hook",
        "http://[::1]/hook",
        "http://localhost/hook", // refused after DNS resolution, not by its name
      ])
        await expect(webhook(url), url).rejects.toMatchObject({ code: "bad_request", field: "config.url" });
      await expect(
        createChannel({
          ctx,
          input: channelInput.parse({ type: "slack", name: "s", config: { webhookUrl: "http://169.254.10.1/x" } }),
        }),
      ).rejects.toMatchObject({ field: "config.webhookUrl" });
      expect(addressProblem("::ffff:169.254.169.254")).toMatch(/metadata/);
      expect(addressProblem("::ffff:10.0.0.1")).toMatch(/private/);
      expect(addressProblem("93.184.216.34")).toBeNull();
    } finally {
      allowPrivate(true);
    }
    await expect(webhook("http://10.1.2.3/hook")).resolves.toMatchObject({ summary: "10.1.2.3" });
    await expect(webhook("http://localhost/hook")).resolves.toMatchObject({ summary: "localhost" });
    await expect(webhook("http://169.254.169.254/latest")).rejects.toMatchObject({ field: "config.url" });
    await expect(webhook("http://[fd00:ec2::254]/")).rejects.toMatchObject({ field: "config.url" });
  });

  it("checks again at send time after resolution and follows no redirect", async () => {
    await failingCalls("resend");
    const loopback = await hook("loopback", "/later-refused");
    const byName = await createChannel({
      ctx,
      input: channelInput.parse({
        type: "webhook",
        name: "by name",
        config: { url: `${base.replace("127.0.0.1", "localhost")}/by-name`, secret },
      }),
    });
    const redirect = await hook("redirect", "/redirect");
    const rule = await pageRule("resend", [loopback.id, byName.id, redirect.id]);
    allowPrivate(false);
    try {
      await evaluateRule(rule);
      await settleDeliveries();
    } finally {
      allowPrivate(true);
    }
    expect(received.filter((r) => r.path === "/later-refused" || r.path === "/by-name")).toEqual([]);
    const [literal] = await outboxOf(loopback.id);
    expect(literal!.lastResponse).toMatch(/^refused: 127\.0\.0\.1 is a private or loopback address/);
    const [named] = await outboxOf(byName.id);
    expect(named!.lastResponse).toMatch(/refused: localhost resolves to/);

    // Allowed again, the redirect's receiver is reached, its 302 is its answer and is not followed.
    await evaluateRule(rule, new Date(Date.now() + 10 * 60_000)); // still firing: nothing new
    await retryOutbox(ctx.projectId, new Date(Date.now() + 2 * 60_000));
    const [redirected] = await outboxOf(redirect.id);
    expect(redirected).toMatchObject({ status: "pending", lastStatus: 302 });
    expect(redirected!.lastResponse).toBe("redirect to http://169.254.169.254/latest not followed");
    expect((await outboxOf(loopback.id))[0]!.status).toBe("sent");
  });
});
