import "server-only";
import { env } from "@/lib/config/env";
import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import type { Channel } from "./channels";
import { formatConditionValue } from "./metric-catalog";
import { safePost, type Sent } from "./safe-post";

// Sends one alert event to each of its channels: webhook (JSON, HMAC-SHA256 signature header),
// Slack (incoming-webhook JSON), e-mail (SMTP via SMTP_URL) and PagerDuty (Events API v2, dedup
// key per rule and group). What is sent, and when it is retried, is the outbox's (outbox.ts).

export type Notification = {
  eventId: string;
  /** `test`: the Send test button's, from no rule. */
  kind: "firing" | "resolved" | "test";
  /** `baseline`/`changeUnit`: a relative rule, whose value and threshold are changes against the group's past. */
  rule: {
    id: string;
    name: string;
    tier: string;
    metric: string;
    baseline?: string | null;
    changeUnit?: "percent" | "stddev";
  };
  group: Record<string, string>;
  groupKey: string;
  value: number | null;
  threshold: number;
  comparator: "gt" | "lt";
  window: string;
  owner: string | null;
  /** The feature's escalation contact: copied on page-tier e-mails. */
  escalation: string | null;
  tracesUrl: string;
  topTraces: Array<{ traceId: string; name: string; detail: string; url: string }>;
  at: string;
};

const TIMEOUT_MS = 5_000;

const groupText = (g: Record<string, string>) =>
  Object.entries(g)
    .map(([k, v]) => `${k}=${v || "(none)"}`)
    .join(", ") || "all";

export function summaryLine(n: Notification): string {
  const verb = n.kind === "firing" ? "FIRING" : n.kind === "test" ? "TEST" : "RESOLVED";
  return `[${verb}] ${n.rule.name} (${groupText(n.group)}): ${n.rule.metric}${n.rule.baseline ? ` change vs ${n.rule.baseline}` : ""} ${formatConditionValue(n.rule, n.value)} ${n.comparator === "gt" ? ">" : "<"} ${formatConditionValue(n.rule, n.threshold)} over ${n.window}`;
}

function bodyText(n: Notification): string {
  return [
    summaryLine(n),
    `Owner: ${n.owner ?? "no owner"}${n.escalation ? ` (escalation: ${n.escalation})` : ""}`,
    `Traces: ${n.tracesUrl}`,
    ...(n.topTraces.length
      ? ["Top traces:", ...n.topTraces.map((t) => `- ${t.name || t.traceId} (${t.detail}): ${t.url}`)]
      : []),
  ].join("\n");
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  safePost(url, body, headers, TIMEOUT_MS);

/** One attempt at one channel; a refused address or a redirect is a failed attempt with its reason. */
export async function send(channel: Channel, n: Notification): Promise<Sent> {
  const config = channel.config as Record<string, unknown>;
  switch (channel.type) {
    case "webhook": {
      const body = JSON.stringify({ type: `alert.${n.kind}`, ...n });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = createHmac("sha256", String(config.secret)).update(`${timestamp}.${body}`).digest("hex");
      return post(String(config.url), body, {
        "x-observatory-timestamp": timestamp,
        "x-observatory-signature": `sha256=${signature}`,
      });
    }
    case "slack":
      return post(String(config.webhookUrl), JSON.stringify({ text: bodyText(n) }));
    case "pagerduty":
      return post(
        String(config.eventsUrl),
        JSON.stringify({
          routing_key: config.routingKey,
          event_action: n.kind === "resolved" ? "resolve" : "trigger",
          dedup_key: `${n.rule.id}:${n.groupKey}`,
          payload: {
            summary: summaryLine(n).slice(0, 1024),
            source: "observatory",
            severity: n.rule.tier === "page" ? "critical" : "warning",
            custom_details: { ...n, topTraces: n.topTraces },
          },
          links: [{ href: n.tracesUrl, text: "Traces" }],
        }),
      );
    case "email": {
      const smtp = env().alerts.smtpUrl;
      if (!smtp) return { ok: false, status: null, response: "SMTP_URL is not set" };
      const to = (config.to as string[]).length ? (config.to as string[]) : n.owner ? [n.owner] : [];
      if (to.length === 0)
        return { ok: false, status: null, response: "no recipients: set the channel's `to` or the feature's owner" };
      const cc = n.rule.tier === "page" && n.escalation && !to.includes(n.escalation) ? [n.escalation] : [];
      const info = await nodemailer
        .createTransport(smtp)
        .sendMail({ from: env().alerts.smtpFrom, to, cc, subject: summaryLine(n).slice(0, 200), text: bodyText(n) });
      return { ok: true, status: 250, response: String(info.response ?? "").slice(0, 1000) };
    }
  }
}

// Deliveries run in the background so the evaluator never waits on a slow channel; tests and
// shutdown can wait for them.
const holder = globalThis as unknown as { __alertDeliveries?: Set<Promise<unknown>> };
const inFlight = (holder.__alertDeliveries ??= new Set());

export function track(job: Promise<unknown>): void {
  inFlight.add(job);
  void job.finally(() => inFlight.delete(job));
}

export async function settleDeliveries(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
}
