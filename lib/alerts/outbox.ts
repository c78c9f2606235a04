import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, lt, lte, or, sql } from "drizzle-orm";
import { db, schema, type Transaction } from "@/db/postgres/client";
import type { OutboxRow } from "@/db/postgres/schema";
import { env } from "@/lib/config/env";
import { log } from "@/lib/log/logger";
import { channelsForDelivery } from "./channels";
import { send, track, type Notification } from "./deliver";
import type { Sent } from "./safe-post";

// The outbox: a row per transition and channel, written with the transition. A new row is
// sent at once (three attempts, 4× backoff from ALERT_RETRY_BASE_MS); if every one fails it
// stays pending and the alerts job retries it (one attempt per due row) at growing intervals,
// from a minute up to an hour, for a day before it is marked failed. Every attempt is logged in
// alert_deliveries. A row is claimed (pending → sending) in Postgres before it is sent.

const BURST = 3;
const RETRY_FIRST_MS = 60_000;
const RETRY_MAX_MS = 3_600_000;
export const OUTBOX_GIVE_UP_MS = 24 * 3_600_000;
/** A `sending` row older than this belonged to a process that died mid-send. */
const STALE_CLAIM_MS = 10 * 60_000;

/** Within the transition's transaction: the deliveries it owes. */
export async function enqueue(
  tx: Transaction,
  event: { id: string; projectId: string },
  channelIds: string[],
  n: Notification,
  now: Date,
): Promise<string[]> {
  if (channelIds.length === 0) return [];
  const rows = channelIds.map((channelId) => ({
    id: randomUUID(),
    projectId: event.projectId,
    eventId: event.id,
    channelId,
    payload: n as unknown as Record<string, unknown>,
    nextAttemptAt: now,
  }));
  // A channel deleted meanwhile has no row to point at: skip it rather than fail the evaluation.
  const live = await tx
    .select({ id: schema.alertChannels.id })
    .from(schema.alertChannels)
    .where(eq(schema.alertChannels.projectId, event.projectId));
  const kept = rows.filter((r) => live.some((c) => c.id === r.channelId));
  if (kept.length) await tx.insert(schema.alertOutbox).values(kept).onConflictDoNothing();
  return kept.map((r) => r.id);
}

async function claim(id: string, due: Date | null): Promise<OutboxRow | null> {
  const o = schema.alertOutbox;
  const pending = due ? and(eq(o.status, "pending"), lte(o.nextAttemptAt, due)) : eq(o.status, "pending");
  const stale = and(eq(o.status, "sending"), lt(o.updatedAt, new Date(Date.now() - STALE_CLAIM_MS)));
  const [row] = await (
    await db()
  )
    .update(o)
    .set({ status: "sending", updatedAt: new Date() })
    .where(and(eq(o.id, id), or(pending, stale)))
    .returning();
  return row ?? null;
}

const failure = (error: unknown): Sent => ({
  ok: false,
  status: null,
  response: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
});

/** Sends a claimed row `attempts` times at most; answers whether it went out. */
async function attempt(row: OutboxRow, attempts: number, now: Date): Promise<boolean> {
  const o = schema.alertOutbox;
  const database = await db();
  const [channel] = await channelsForDelivery(row.projectId, [row.channelId]);
  const n = row.payload as unknown as Notification;
  let last: Sent = { ok: false, status: null, response: "channel no longer exists" };
  let tried = 0;
  for (let i = 1; channel && i <= attempts; i++) {
    last = await send(channel, n).catch(failure);
    tried++;
    await database.insert(schema.alertDeliveries).values({
      id: randomUUID(),
      eventId: row.eventId,
      channelId: row.channelId,
      attempt: row.attempts + i,
      ok: last.ok,
      responseStatus: last.status,
      response: last.response,
    });
    if (last.ok) break;
    if (i < attempts) await new Promise((r) => setTimeout(r, env().alerts.retryBaseMs * 4 ** (i - 1)));
  }
  const total = row.attempts + tried;
  const rounds = Math.max(1, total - BURST + 1);
  const gaveUp = now.getTime() - row.createdAt.getTime() >= OUTBOX_GIVE_UP_MS;
  await database
    .update(o)
    .set({
      status: last.ok ? "sent" : gaveUp || !channel ? "failed" : "pending",
      attempts: total,
      lastStatus: last.status,
      lastResponse: last.response,
      updatedAt: new Date(),
      sentAt: last.ok ? new Date() : null,
      nextAttemptAt: new Date(now.getTime() + Math.min(RETRY_FIRST_MS * 2 ** (rounds - 1), RETRY_MAX_MS)),
    })
    .where(eq(o.id, row.id));
  return last.ok;
}

/** After the transition committed: send its rows in the background. */
export function dispatch(ids: string[]): void {
  for (const id of ids) {
    const job = claim(id, null)
      .then((row) => row && attempt(row, BURST, new Date()))
      .catch((err: unknown) => log.error({ err, outboxId: id }, "alert delivery failed"));
    track(job);
  }
}

/** The alerts job's retry pass: due pending rows of one project, one attempt each. */
export async function retryOutbox(projectId: string, now = new Date()): Promise<{ sent: number; failed: number }> {
  const o = schema.alertOutbox;
  const due = await (
    await db()
  )
    .select({ id: o.id })
    .from(o)
    .where(and(eq(o.projectId, projectId), eq(o.status, "pending"), lte(o.nextAttemptAt, now)))
    .orderBy(asc(o.nextAttemptAt))
    .limit(100);
  let sent = 0;
  let failed = 0;
  for (const { id } of due) {
    const row = await claim(id, now);
    if (!row) continue;
    if (await attempt(row, 1, now)) sent++;
    else failed++;
  }
  return { sent, failed };
}

/** Per channel: rows waiting for a retry and rows given up on, for the channel list. */
export async function outboxCounts(projectId: string) {
  const o = schema.alertOutbox;
  const rows = await (
    await db()
  )
    .select({
      channelId: o.channelId,
      pending: sql<number>`count(*) filter (where ${o.status} in ('pending', 'sending'))`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${o.status} = 'failed')`.mapWith(Number),
    })
    .from(o)
    .where(
      and(eq(o.projectId, projectId), or(eq(o.status, "pending"), eq(o.status, "sending"), eq(o.status, "failed"))),
    )
    .groupBy(o.channelId);
  return new Map(rows.map((r) => [r.channelId, { pending: r.pending, failed: r.failed }]));
}
