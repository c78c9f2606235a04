import "server-only";
import { db, schema } from "@/db/postgres/client";

export type Actor = { type: "user"; userId: string } | { type: "api_key"; keyId: string } | { type: "system" };

export function actorLabel(actor: Actor): string {
  if (actor.type === "user") return `user:${actor.userId}`;
  if (actor.type === "api_key") return `api_key:${actor.keyId}`;
  return "system";
}

export async function recordAudit(entry: {
  projectId: string | null;
  actor: Actor;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}): Promise<void> {
  await (await db()).insert(schema.auditLog).values({
    projectId: entry.projectId,
    actor: actorLabel(entry.actor),
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? null,
  });
}
