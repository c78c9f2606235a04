import "server-only";
import type { ProjectContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { tables } from "@/lib/clickhouse/tables";
import { sql, str, time, type Sql } from "@/lib/clickhouse/sql";

/**
 * Trace ids whose log records' bodies contain `q` (case-insensitive), logged from `from` on, for
 * the trace list's text search (no upper bound: a trace's logs may come after its start). Log bodies are payloads: only roles that read payloads search them (null otherwise).
 */
export function tracesWithLogText(ctx: ProjectContext, q: string, from: Date): Sql | null {
  if (!can(ctx.role, "payloads.read")) return null;
  return sql`SELECT DISTINCT trace_id FROM ${tables.logs}
    WHERE ${tables.logs.scope} AND trace_id != '' AND time >= ${time(from)} AND positionCaseInsensitive(body, ${str(q)}) > 0`;
}
