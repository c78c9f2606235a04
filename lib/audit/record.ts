import "server-only";
import { db, schema, type Transaction } from "@/db/postgres/client";

export type Actor = { type: "user"; userId: string } | { type: "api_key"; keyId: string } | { type: "system" };

export type AuditEntry = {
  projectId: string | null;
  actor: Actor;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
};

export function actorLabel(actor: Actor): string {
  if (actor.type === "user") return `user:${actor.userId}`;
  if (actor.type === "api_key") return `api_key:${actor.keyId}`;
  return "system";
}

/**
 * Writes the audit row in the transaction of the change it records: both commit, or neither
 * does (a change with no record of who made it, or a record of a change that never happened).
 */
export async function recordAudit(tx: Transaction, entry: AuditEntry): Promise<void> {
  await tx.insert(schema.auditLog).values({
    projectId: entry.projectId,
    actor: actorLabel(entry.actor),
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? null,
  });
}

/** `audited(entry, async (tx) => change)`: runs the change and its audit row in one transaction. */
export async function audited<T>(
  entry: AuditEntry | ((result: T) => AuditEntry),
  change: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return (await db()).transaction(async (tx) => {
    const result = await change(tx);
    await recordAudit(tx, typeof entry === "function" ? entry(result) : entry);
    return result;
  });
}

/** For an event with no Postgres change of its own to share a transaction with (a sign-in, rows removed from ClickHouse). */
export async function recordAuditEvent(entry: AuditEntry): Promise<void> {
  await audited(entry, async () => undefined);
}
