import "server-only";
import { pingClickHouse } from "@/lib/clickhouse/query";
import { pingPostgres } from "@/db/postgres/client";

export type Health = { status: "ok" | "degraded"; clickhouse: "ok" | "down"; postgres: "ok" | "down" };

const withTimeout = (check: Promise<boolean>, ms: number) =>
  Promise.race([check, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

export async function checkHealth(): Promise<Health> {
  const [ch, pg] = await Promise.all([withTimeout(pingClickHouse(), 5000), withTimeout(pingPostgres(), 5000)]);
  return { status: ch && pg ? "ok" : "degraded", clickhouse: ch ? "ok" : "down", postgres: pg ? "ok" : "down" };
}
