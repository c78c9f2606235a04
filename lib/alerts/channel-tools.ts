import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { db, schema } from "@/db/postgres/client";
import { notFound } from "@/lib/api/errors";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { channelsForDelivery } from "./channels";
import { send, type Notification } from "./deliver";
import { appUrl } from "./evidence";

// What a channel's owner checks by hand: a test notification with the receiver's answer, and
// the channel's outbox (deliveries waiting for a retry, sent, or given up on).

async function channelOf(ctx: ProjectContext, id: string) {
  const [channel] = await channelsForDelivery(ctx.projectId, [id]);
  if (!channel) throw notFound("Channel not found");
  return channel;
}

/** Sends a test notification now (one attempt, the send-time address check included); answers the receiver's reply. */
export async function testChannel({ ctx, id }: { ctx: ProjectContext; id: string }) {
  requirePermission(ctx, "alerts.manage");
  const channel = await channelOf(ctx, id);
  const n: Notification = {
    eventId: randomUUID(),
    kind: "test",
    rule: { id: "test", name: `Test of ${channel.name}`, tier: "page", metric: "error_rate" },
    group: {},
    groupKey: "",
    value: 0.5,
    threshold: 0.05,
    comparator: "gt",
    window: "1h",
    owner: null,
    escalation: null,
    tracesUrl: `${appUrl()}/traces`,
    topTraces: [],
    at: new Date().toISOString(),
  };
  return send(channel, n).catch((error: unknown) => ({
    ok: false,
    status: null,
    response: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
  }));
}

/** The channel's latest 50 outbox rows, newest first. */
export async function channelOutbox({ ctx, id }: { ctx: ProjectContext; id: string }) {
  requirePermission(ctx, "project.read");
  await channelOf(ctx, id);
  const o = schema.alertOutbox;
  const rows = await (
    await db()
  )
    .select()
    .from(o)
    .where(and(eq(o.projectId, ctx.projectId), eq(o.channelId, id)))
    .orderBy(desc(o.createdAt))
    .limit(50);
  return rows.map(({ payload, ...row }) => ({
    id: row.id,
    eventId: row.eventId,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt : null,
    lastStatus: row.lastStatus,
    lastResponse: row.lastResponse,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    rule: (payload.rule as { name?: string } | undefined)?.name ?? null,
    kind: payload.kind as string,
  }));
}
