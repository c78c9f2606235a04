import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";
import { SMTPServer } from "smtp-server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { reloadEnv } from "@/lib/config/env";
import { migrateClickHouse } from "@/db/clickhouse/migrate";
import { db, schema } from "@/db/postgres/client";
import { decodeJson } from "@/ingest/otlp/decode-json";
import { normalizeAll } from "@/ingest/normalize/normalize-all";
import { BatchWriter } from "@/ingest/writer/batch-writer";
import type { ProjectContext } from "@/lib/auth/context";
import { makeProject } from "@/lib/testing/factories";
import { otlpJson, spanId, traceId, type JsonSpan } from "@/lib/testing/otlp";
import { channelInput, createChannel, listChannels } from "./channels";
import { zodFieldMessage } from "@/lib/api/respond";
import { settleDeliveries } from "./deliver";
import { evaluateRule } from "./evaluate";
import { ownerInput, putOwner } from "./owners";
import { createRule, getRule, listRules, ruleInput } from "./rules";
import { getTicket, listTickets, patchTicket, ticketPatch } from "./tickets";

process.env.ALERT_RETRY_BASE_MS = "10";
// The receivers below listen on 127.0.0.1: loopback channel URLs are allowed only with the flag.
process.env.ALERT_ALLOW_PRIVATE_URLS = "1";
reloadEnv();
const HOUR = 3_600_000;
const now = new Date(Math.floor(Date.now() / HOUR) * HOUR + 30 * 60_000 - 2 * HOUR); // half past, two hours ago
let ctx: ProjectContext;

// Receivers: one HTTP server for webhook, Slack and PagerDuty; an SMTP server for e-mail.
type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    received.push({ path: req.url ?? "", headers: req.headers, body });
    res
      .writeHead(req.url === "/flaky" && received.filter((r) => r.path === "/flaky").length === 1 ? 500 : 202)
      .end("accepted");
  });
});
const mails: Array<{ to: string[]; text: string }> = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onData(stream, session, callback) {
    let text = "";
    stream.on("data", (c: Buffer) => (text += c.toString()));
    stream.on("end", () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text });
      callback();
    });
  },
});
let base = "";

async function ingest(spans: JsonSpan[]) {
  const { rows, scores } = normalizeAll(ctx.projectId, decodeJson(JSON.stringify(otlpJson(spans))), {
    tenantKeys: [],
    featureKeys: [],
    payloadCapBytes: 4096,
  });
  await new BatchWriter({ lingerMs: 0 }).write(rows, scores);
}

/** `n` root spans of `feature` at `at`, the first `errors` of them failed. */
const calls = (feature: string, n: number, errors: number, at: Date): JsonSpan[] =>
  Array.from({ length: n }, (_, i) => ({
    traceId: traceId(),
    spanId: spanId(),
    name: `${feature} request`,
    startMs: at.getTime() - 60_000 + i,
    durationMs: 100 + i,
    attributes: {
      "feature.name": feature,
      "tenant.id": "acme",
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 1000,
      "gen_ai.usage.output_tokens": 100,
    },
    status: i < errors ? { code: 2, message: `upstream 502 #${i}` } : { code: 1 },
  }));

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.NEXTAUTH_URL = "https://obs.example.com";
  await migrateClickHouse((await clickhouse()).client);
  ctx = await makeProject();
  await ingest([...calls("checkout", 20, 10, now), ...calls("search", 20, 0, now)]);
  await putOwner({
    ctx,
    input: ownerInput.parse({ feature: "checkout", ownerEmail: "owner@shop.test", escalationEmail: "lead@shop.test" }),
  });
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe("alert rules", () => {
  it("creates the starter pack with every new project", async () => {
    const rules = await listRules(ctx);
    expect(rules.map((r) => [r.metric, r.tier]).sort()).toEqual([
      ["budget_forecast_pct", "ticket"],
      ["budget_used_pct", "page"],
      ["cache_hit_rate", "ticket"],
      ["cost_change_wow", "ticket"],
      ["error_rate", "page"],
      ["latency_p99_ms", "page"],
      ["quality_avg", "ticket"],
    ]);
  });

  it("refuses an unknown metric, a window the metric cannot use and a channel of another project, naming the field", async () => {
    expect(
      ruleInput.safeParse({ name: "x", tier: "page", metric: "vibes", window: "1h", comparator: "gt", threshold: 1 })
        .error?.issues[0]?.path,
    ).toEqual(["metric"]);
    const common = { name: "x", tier: "page" as const, comparator: "gt" as const, threshold: 1 };
    await expect(
      createRule({ ctx, input: ruleInput.parse({ ...common, metric: "error_rate", window: "15m" }) }),
    ).rejects.toMatchObject({ field: "window", message: /whole hours|from 1h/ });
    await expect(
      createRule({ ctx, input: ruleInput.parse({ ...common, metric: "cost_change_wow", window: "1d" }) }),
    ).rejects.toMatchObject({ field: "window" });
    await expect(
      createRule({ ctx, input: ruleInput.parse({ ...common, metric: "quality_avg", window: "1h" }) }),
    ).rejects.toMatchObject({ field: "scoreName" });
    const other = await makeProject();
    const foreign = await createChannel({
      ctx: other,
      input: channelInput.parse({ type: "slack", name: "theirs", config: { webhookUrl: `${base}/x` } }),
    });
    await expect(
      createRule({
        ctx,
        input: ruleInput.parse({ ...common, metric: "error_rate", window: "1h", channelIds: [foreign.id] }),
      }),
    ).rejects.toMatchObject({ field: "channelIds" });
    expect(
      channelInput.safeParse({ type: "webhook", name: "w", config: { url: "ftp://x", secret: "0123456789abcdef" } })
        .success,
    ).toBe(false);
    for (const url of [
      "https://exa mple.com",
      "http://[::1",
      "https://x:99999",
      "http://",
      "https://u:p@example.com",
    ]) {
      const parsed = channelInput.safeParse({
        type: "webhook",
        name: "w",
        config: { url, secret: "0123456789abcdef" },
      });
      expect(parsed.success ? null : zodFieldMessage(parsed.error).field, url).toBe("config.url");
    }
    const typo = channelInput.safeParse({
      type: "slack",
      name: "s",
      config: { webhookUrl: `${base}/x`, webhook_url: "x" },
    });
    expect(typo.success ? null : zodFieldMessage(typo.error)).toEqual({
      field: "config.webhook_url",
      message: "config.webhook_url: not a known field",
    });
  });
});

describe("evaluator and delivery", () => {
  it("fires per group after two breaching evaluations, holds without duplicates, delivers everywhere, and resolves", async () => {
    const secret = "whsec-0123456789abcdef";
    const channels = await Promise.all([
      createChannel({
        ctx,
        input: channelInput.parse({ type: "webhook", name: "hook", config: { url: `${base}/hook`, secret } }),
      }),
      createChannel({
        ctx,
        input: channelInput.parse({ type: "slack", name: "slack", config: { webhookUrl: `${base}/slack` } }),
      }),
      createChannel({
        ctx,
        input: channelInput.parse({
          type: "pagerduty",
          name: "pd",
          config: { routingKey: "R0UTINGKEY0123456789ABCDEF", eventsUrl: `${base}/pd` },
        }),
      }),
      createChannel({ ctx, input: channelInput.parse({ type: "email", name: "mail", config: { to: [] } }) }),
      createChannel({
        ctx,
        input: channelInput.parse({
          type: "webhook",
          name: "dead",
          config: { url: "http://127.0.0.1:9/nothing", secret },
        }),
      }),
      createChannel({
        ctx,
        input: channelInput.parse({ type: "webhook", name: "flaky", config: { url: `${base}/flaky`, secret } }),
      }),
    ]);
    expect(JSON.stringify(await listChannels({ ctx }))).not.toContain(secret);
    const rule = await createRule({
      ctx,
      input: ruleInput.parse({
        name: "Errors",
        tier: "page",
        metric: "error_rate",
        groupBy: ["feature"],
        window: "1h",
        comparator: "gt",
        threshold: 0.05,
        channelIds: channels.map((c) => c.id),
      }),
    });
    const stored = await getRule(ctx, rule.id);

    const first = await evaluateRule(stored, now);
    expect(first.map((s) => [s.group.feature, s.value, s.state])).toEqual([
      ["checkout", 0.5, "ok"],
      ["search", 0, "ok"],
    ]);
    const second = await evaluateRule(stored, new Date(now.getTime() + 60_000));
    expect(second.map((s) => [s.group.feature, s.state])).toEqual([
      ["checkout", "firing"],
      ["search", "ok"],
    ]);
    await evaluateRule(stored, new Date(now.getTime() + 120_000)); // still firing: nothing new
    await settleDeliveries();

    const events = await (await db()).select().from(schema.alertEvents).where(eq(schema.alertEvents.ruleId, rule.id));
    expect(events.map((e) => [e.kind, e.groupKey])).toEqual([["firing", "feature=checkout"]]);
    const hook = received.filter((r) => r.path === "/hook");
    expect(hook).toHaveLength(1);
    const signature = createHmac("sha256", secret)
      .update(`${hook[0]!.headers["x-observatory-timestamp"]}.${hook[0]!.body}`)
      .digest("hex");
    expect(hook[0]!.headers["x-observatory-signature"]).toBe(`sha256=${signature}`);
    const payload = JSON.parse(hook[0]!.body) as {
      value: number;
      threshold: number;
      window: string;
      group: Record<string, string>;
      tracesUrl: string;
      topTraces: Array<{ detail: string; url: string }>;
      owner: string;
    };
    expect(payload).toMatchObject({
      value: 0.5,
      threshold: 0.05,
      window: "1h",
      group: { feature: "checkout" },
      owner: "owner@shop.test",
    });
    expect(payload.tracesUrl).toMatch(/^https:\/\/obs\.example\.com\/traces\?feature=checkout&status=error&from=/);
    expect(payload.topTraces).toHaveLength(5);
    expect(payload.topTraces[0]!.detail).toMatch(/upstream 502/);
    expect(JSON.parse(received.find((r) => r.path === "/slack")!.body).text).toMatch(
      /^\[FIRING\] Errors \(feature=checkout\): error_rate 50% > 5% over 1h/,
    );
    expect(JSON.parse(received.find((r) => r.path === "/pd")!.body)).toMatchObject({
      event_action: "trigger",
      dedup_key: `${rule.id}:feature=checkout`,
      routing_key: "R0UTINGKEY0123456789ABCDEF",
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(["owner@shop.test", "lead@shop.test"]); // the escalation contact is copied on pages
    expect(mails[0]!.text).toContain("error_rate 50% > 5%");

    // The dead channel was tried three times and logged; the flaky one succeeded on its retry.
    const deliveries = await (await db())
      .select()
      .from(schema.alertDeliveries)
      .where(eq(schema.alertDeliveries.eventId, events[0]!.id));
    const byChannel = (id: string) =>
      deliveries
        .filter((d) => d.channelId === id)
        .sort((a, b) => a.attempt - b.attempt)
        .map((d) => d.ok);
    expect(byChannel(channels[4]!.id)).toEqual([false, false, false]);
    expect(byChannel(channels[5]!.id)).toEqual([false, true]);
    expect(deliveries.find((d) => d.channelId === channels[0]!.id)).toMatchObject({
      ok: true,
      responseStatus: 202,
      response: "accepted",
    });

    // Two clear evaluations later (the errors left the window), it resolves and pages "resolve".
    const later = new Date(now.getTime() + 3 * 3_600_000);
    expect((await evaluateRule(stored, later)).find((s) => s.group.feature === "checkout")?.state).toBe("firing");
    expect(
      (await evaluateRule(stored, new Date(later.getTime() + 60_000))).find((s) => s.group.feature === "checkout")
        ?.state,
    ).toBe("resolved");
    await settleDeliveries();
    const pd = received
      .filter((r) => r.path === "/pd")
      .map((r) => JSON.parse(r.body) as { event_action: string; dedup_key: string });
    expect(pd.map((p) => p.event_action)).toEqual(["trigger", "resolve"]);
    expect(pd[1]!.dedup_key).toBe(pd[0]!.dedup_key);
  });

  it("ticket-tier rules open one ticket per firing group for its owner and add re-firings to its history", async () => {
    const rule = await getRule(
      ctx,
      (
        await createRule({
          ctx,
          input: ruleInput.parse({
            name: "Errors ticket",
            tier: "ticket",
            metric: "error_rate",
            groupBy: ["feature"],
            window: "2h",
            comparator: "gt",
            threshold: 0.05,
            minBreaches: 1,
            minRecoveries: 1,
          }),
        })
      ).id,
    );
    await evaluateRule(rule, now);
    await evaluateRule(rule, new Date(now.getTime() + 4 * 3_600_000)); // resolves (no data)
    await evaluateRule(rule, new Date(now.getTime() + 60_000)); // fires again while the ticket is still open
    const { data } = await listTickets({ ctx, query: { assignee: "owner@shop.test" } });
    const mine = data.filter((t) => t.ruleId === rule.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      status: "open",
      assignee: "owner@shop.test",
      fireCount: 2,
      groupKey: "feature=checkout",
    });
    expect(mine[0]!.evidence).toMatchObject({ value: 0.5, group: { feature: "checkout" } });
    const ticket = await patchTicket({
      ctx,
      id: mine[0]!.id,
      patch: ticketPatch.parse({ status: "acknowledged", comment: "Looking into the 502s" }),
    });
    expect(ticket.history.map((h) => h.kind)).toEqual(["opened", "condition_resolved", "refired", "status", "comment"]);
    await patchTicket({ ctx, id: ticket.id, patch: ticketPatch.parse({ status: "resolved" }) });
    await evaluateRule(rule, new Date(now.getTime() + 5 * 3_600_000)); // (each evaluation slot decides one transition)
    await evaluateRule(rule, new Date(now.getTime() + 120_000)); // a firing after the ticket was resolved opens a new one
    const again = (await listTickets({ ctx, query: {} })).data.filter((t) => t.ruleId === rule.id);
    expect(again.map((t) => t.status).sort()).toEqual(["open", "resolved"]);
    expect((await getTicket({ ctx, id: ticket.id })).status).toBe("resolved");
  });

  it("computes cost and latency per group", async () => {
    const cost = await getRule(
      ctx,
      (
        await createRule({
          ctx,
          input: ruleInput.parse({
            name: "Cost",
            tier: "dashboard",
            metric: "cost_usd",
            groupBy: ["feature"],
            window: "3h",
            comparator: "gt",
            threshold: 0.05,
            minBreaches: 1,
          }),
        })
      ).id,
    );
    // 20 calls × (1,000 input at 2.50 + 100 output at 10.00 per M) = 20 × 0.0035 USD
    const states = await evaluateRule(cost, new Date(now.getTime() + 60_000));
    expect(states.map((s) => [s.group.feature, Number(s.value!.toFixed(6)), s.state])).toEqual([
      ["checkout", 0.07, "firing"],
      ["search", 0.07, "firing"],
    ]);
    const latency = await getRule(
      ctx,
      (
        await createRule({
          ctx,
          input: ruleInput.parse({
            name: "p99",
            tier: "dashboard",
            metric: "latency_p99_ms",
            filter: { feature: "search" },
            window: "30m",
            comparator: "gt",
            threshold: 10_000,
          }),
        })
      ).id,
    );
    const [p99] = await evaluateRule(latency, new Date(now.getTime() + 60_000));
    expect(p99!.value).toBeGreaterThan(118);
    expect(p99!.value).toBeLessThanOrEqual(119);
  });

  it("averages a score per group for quality_avg", async () => {
    const { writeScores } = await import("@/lib/scores/write-scores");
    const ids = [traceId(), traceId()];
    await ingest(ids.map((id, i) => ({ ...calls(i ? "search" : "checkout", 1, 0, now)[0]!, traceId: id })));
    await writeScores({
      ctx,
      items: [
        { traceId: ids[0]!, name: "thumbs", value: 0 },
        { traceId: ids[1]!, name: "thumbs", value: 1 },
      ],
    });
    const rule = await getRule(
      ctx,
      (
        await createRule({
          ctx,
          input: ruleInput.parse({
            name: "Feedback",
            tier: "dashboard",
            metric: "quality_avg",
            scoreName: "thumbs",
            groupBy: ["feature"],
            window: "3h",
            comparator: "lt",
            threshold: 0.5,
            minBreaches: 1,
          }),
        })
      ).id,
    );
    const states = await evaluateRule(rule, new Date(now.getTime() + 60_000));
    expect(states.map((s) => [s.group.feature, s.value, s.state])).toEqual([
      ["checkout", 0, "firing"],
      ["search", 1, "ok"],
    ]);
  });
});
