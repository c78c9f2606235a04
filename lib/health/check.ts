import "server-only";
import { pingClickHouse } from "@/lib/clickhouse/query";
import { pingPostgres } from "@/db/postgres/client";

/** The ingest log's state: how far behind the tables are what ingest acknowledged. */
export type IngestLogHealth = { lagSeconds: number; backlogBytes: number; appliedPosition: number };

export type Health = {
  status: "ok" | "degraded";
  clickhouse: "ok" | "down";
  postgres: "ok" | "down";
  ingestLog?: IngestLogHealth;
};

// lib never imports ingest: the ingest log reports here when this process opens it.
const holder = globalThis as unknown as { __ingestLogHealth?: () => IngestLogHealth };
export function reportIngestLogHealth(source: () => IngestLogHealth): void {
  holder.__ingestLogHealth = source;
}

const withTimeout = (check: Promise<boolean>, ms: number) =>
  Promise.race([check, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

export async function checkHealth(): Promise<Health> {
  const [ch, pg] = await Promise.all([withTimeout(pingClickHouse(), 5000), withTimeout(pingPostgres(), 5000)]);
  const ingestLog = holder.__ingestLogHealth?.();
  return {
    status: ch && pg ? "ok" : "degraded",
    clickhouse: ch ? "ok" : "down",
    postgres: pg ? "ok" : "down",
    ...(ingestLog ? { ingestLog } : {}),
  };
}
