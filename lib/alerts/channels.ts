import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { notFound, ServiceError } from "@/lib/api/errors";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { open, seal } from "@/lib/crypto/secret-box";
import { outboxCounts } from "./outbox";
import { urlProblem } from "./url-guard";

// Notification channels. Their config (URLs with tokens, HMAC secrets, routing keys) is sealed at
// rest and never returned; the API shows a summary (the URL's host, the recipients).

// zod's URL check accepts some strings that `new URL` refuses: parse once, never throw (a throw here was a 500).
const parsedUrl = (u: string): URL | null => {
  try {
    return new URL(u);
  } catch {
    return null;
  }
};
const httpUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .refine((u) => parsedUrl(u) !== null, "must be an http(s) URL")
  .refine((u) => !parsedUrl(u)?.username && !parsedUrl(u)?.password, "must not carry credentials");

// Config objects are strict: a key the channel does not know (a typo such as `webhook_url`) is refused by name, never dropped.
export const channelInput = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("webhook"),
    name: z.string().trim().min(1).max(100),
    config: z.strictObject({ url: httpUrl, secret: z.string().min(16, "must be at least 16 characters").max(200) }),
  }),
  z.object({
    type: z.literal("slack"),
    name: z.string().trim().min(1).max(100),
    config: z.strictObject({ webhookUrl: httpUrl }),
  }),
  z.object({
    type: z.literal("email"),
    name: z.string().trim().min(1).max(100),
    config: z.strictObject({ to: z.array(z.email()).max(20).default([]) }),
  }),
  z.object({
    type: z.literal("pagerduty"),
    name: z.string().trim().min(1).max(100),
    config: z.strictObject({
      routingKey: z.string().trim().min(20).max(64),
      eventsUrl: httpUrl.default("https://events.pagerduty.com/v2/enqueue"),
    }),
  }),
]);
export type ChannelInput = z.infer<typeof channelInput>;
export type ChannelConfig = ChannelInput["config"];
export type Channel = { id: string; type: ChannelInput["type"]; name: string; config: ChannelConfig };

function summaryOf(input: ChannelInput): string {
  switch (input.type) {
    case "webhook":
      return new URL(input.config.url).host;
    case "slack":
      return new URL(input.config.webhookUrl).host;
    case "email":
      return input.config.to.length ? input.config.to.join(", ") : "the feature's owner";
    case "pagerduty":
      return `${new URL(input.config.eventsUrl).host}, key …${input.config.routingKey.slice(-4)}`;
  }
}

const publicChannel = (
  row: typeof schema.alertChannels.$inferSelect,
  outbox: { pending: number; failed: number } = { pending: 0, failed: 0 },
) => ({
  id: row.id,
  type: row.type,
  name: row.name,
  summary: row.summary,
  createdAt: row.createdAt,
  /** Deliveries waiting for a retry, and those given up on after a day. */
  outbox,
});

/** The channel's URL field and value, for the address check. */
function urlField(input: ChannelInput): [string, string] | null {
  switch (input.type) {
    case "webhook":
      return ["config.url", input.config.url];
    case "slack":
      return ["config.webhookUrl", input.config.webhookUrl];
    case "pagerduty":
      return ["config.eventsUrl", input.config.eventsUrl];
    case "email":
      return null;
  }
}

export async function createChannel({ ctx, input }: { ctx: ProjectContext; input: ChannelInput }) {
  requirePermission(ctx, "alerts.manage");
  const target = urlField(input);
  const refused = target && (await urlProblem(target[1]));
  if (target && refused) throw new ServiceError("bad_request", `${target[0]}: ${refused}`, target[0]);
  const id = randomUUID();
  const row = await audited(
    {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "alert_channel.create",
      details: { id, type: input.type, name: input.name },
    },
    async (tx) => {
      const [inserted] = await tx
        .insert(schema.alertChannels)
        .values({
          id,
          projectId: ctx.projectId,
          type: input.type,
          name: input.name,
          configSealed: seal(JSON.stringify(input.config)),
          summary: summaryOf(input),
        })
        .returning();
      return inserted!;
    },
  );
  return publicChannel(row);
}

export async function listChannels({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "project.read");
  const c = schema.alertChannels;
  const counts = await outboxCounts(ctx.projectId);
  return (await (await db()).select().from(c).where(eq(c.projectId, ctx.projectId)).orderBy(asc(c.createdAt))).map(
    (row) => publicChannel(row, counts.get(row.id)),
  );
}

export async function deleteChannel({ ctx, id }: { ctx: ProjectContext; id: string }) {
  requirePermission(ctx, "alerts.manage");
  const c = schema.alertChannels;
  const [row] = await (
    await db()
  )
    .delete(c)
    .where(and(eq(c.id, id), eq(c.projectId, ctx.projectId)))
    .returning();
  if (!row) throw notFound("Channel not found");
  return { ok: true };
}

/** For delivery only: the channels with their config opened. */
export async function channelsForDelivery(projectId: string, ids: string[]): Promise<Channel[]> {
  if (ids.length === 0) return [];
  const c = schema.alertChannels;
  const rows = await (
    await db()
  )
    .select()
    .from(c)
    .where(and(eq(c.projectId, projectId), inArray(c.id, ids)));
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    name: r.name,
    config: JSON.parse(open(r.configSealed)) as ChannelConfig,
  }));
}
