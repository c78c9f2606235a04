import "server-only";
import { z } from "zod";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { join, num, param, sql, str, time, type Sql } from "@/lib/clickhouse/sql";
import { ServiceError } from "@/lib/api/errors";
import { LOG_COLUMNS, logView, type LogRecordRow, type LogView } from "./log-view";

const isoDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
const SEVERITY_BY_NAME: Record<string, number> = {
  trace: 1,
  debug: 5,
  info: 9,
  warn: 13,
  warning: 13,
  error: 17,
  fatal: 21,
};

export const listLogsQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  traceId: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, "a trace id is 32 hex characters")
    .transform((v) => v.toLowerCase())
    .optional(),
  /** Minimum severity: a name (trace, debug, info, warn, error, fatal) or an OTLP SeverityNumber 1..24. */
  severity: z
    .string()
    .trim()
    .toLowerCase()
    .refine(
      (v) => v in SEVERITY_BY_NAME || /^(?:[1-9]|1\d|2[0-4])$/.test(v),
      "a severity is trace, debug, info, warn, error, fatal or 1..24",
    )
    .transform((v) => SEVERITY_BY_NAME[v] ?? Number(v))
    .optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
});
export type ListLogsQuery = z.infer<typeof listLogsQuery>;

const DEFAULT_WINDOW_DAYS = 30;

// Keyset pagination over (time µs, record hash), newest first; opaque to clients.
type LogCursor = { micros: bigint; hash: string };
const encodeCursor = (c: LogCursor) => Buffer.from(`${c.micros}:${c.hash}`).toString("base64url");
function decodeCursor(value: string): LogCursor | null {
  const match = /^(\d{1,20}):([0-9a-f]{32})$/.exec(Buffer.from(value, "base64url").toString("utf8"));
  return match ? { micros: BigInt(match[1]!), hash: match[2]! } : null;
}

/** Log records newest first, with or without a trace; bodies only for roles that read payloads. */
export async function listLogs({
  ctx,
  query,
}: {
  ctx: ProjectContext;
  query: ListLogsQuery;
}): Promise<{ data: LogView[]; nextCursor: string | null }> {
  requirePermission(ctx, "project.read");
  const showPayloads = can(ctx.role, "payloads.read");
  if (query.q !== undefined && !showPayloads)
    throw new ServiceError("forbidden", "q: searching log bodies needs a role that reads payloads", "q");
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (query.cursor && !cursor)
    throw new ServiceError("bad_request", "cursor: not a cursor this API returned", "cursor");
  const to = query.to ?? new Date(Date.now() + 60_000);
  const from = query.from ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);

  const where: Sql[] = [sql`${tables.logs.scope}`, sql`time >= ${time(from)}`, sql`time < ${time(to)}`];
  if (query.traceId) where.push(sql`trace_id = ${str(query.traceId)}`);
  if (query.severity !== undefined) where.push(sql`severity_number >= ${num(query.severity)}`);
  if (query.q) where.push(sql`positionCaseInsensitive(body, ${str(query.q)}) > 0`);
  if (cursor)
    where.push(
      sql`(toUnixTimestamp64Micro(time), record_hash) < (${param(cursor.micros.toString(), "Int64")}, ${str(cursor.hash)})`,
    );

  const rows = await queryRows<LogRecordRow & { time_us: string }>({
    projectId: ctx.projectId,
    tag: "logs.list",
    query: sql`
      SELECT ${LOG_COLUMNS}, toString(toUnixTimestamp64Micro(time)) AS time_us FROM ${tables.logs}
      WHERE ${join(where, " AND ")}
      ORDER BY time DESC, record_hash DESC LIMIT 1 BY record_hash LIMIT ${param(query.limit + 1, "UInt32")}`,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => logView(r, showPayloads)),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ micros: BigInt(last.time_us), hash: last.record_hash }) : null,
  };
}
