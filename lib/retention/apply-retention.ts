import "server-only";
import { tables } from "@/lib/clickhouse/tables";
import { param, sql, time, type Sql } from "@/lib/clickhouse/sql";
import { deleteRows, updateRows } from "./delete-rows";
import { metricDaysOf, type RetentionSettings } from "./retention-settings";

// One retention pass for one project (lib/retention/retention-job.ts runs it hourly, and a
// changed setting runs it at once, so it applies to the rows already stored). Each kind of data
// goes by its own clock:
//   spans: whole traces, once the trace's last span ended before the cutoff; the trace list's
//     rollups (`traces`, `trace_index`) go with them, so a listed trace always has its spans.
//   payloads: the payload columns of spans older than payloadDays are blanked; the span, its
//     tokens, timings, cost and status stay until spanDays.
//   logs, scores, metric points: by their own time. Scores may outlive their traces (quality
//     history), as the cost rollups may (costDays, whole UTC days): both are aggregates without
//     payloads. Metric points also carry the lifetime in `retention_days` for the table's TTL.

const DAY_MS = 86_400_000;

/** What a pass removed (rows) or blanked (spans whose payloads went). */
export type RetentionResult = {
  spans: number;
  traces: number;
  traceIndex: number;
  payloadsBlanked: number;
  logs: number;
  scores: number;
  metricPoints: number;
  usageRows: number;
};

export const PAYLOAD_COLUMNS = [
  "input",
  "output",
  "tool_arguments",
  "tool_result",
  "documents",
  "events",
  "attributes",
  "exception_message",
] as const;

const hasPayload = sql`(input != '' OR output != '' OR tool_arguments != '' OR tool_result != '' OR documents != '' OR events NOT IN ('', '[]') OR notEmpty(attributes) OR exception_message != '')`;
const blankPayload = sql`input = '', output = '', tool_arguments = '', tool_result = '', documents = '', events = '[]', attributes = CAST(map(), 'Map(String, String)'), exception_message = ''`;

/** Traces of the project whose last span ended before `cutoff`: they go whole. */
export const tracesEndedBefore = (cutoff: Date): Sql =>
  sql`trace_id IN (SELECT trace_id FROM ${tables.traces} WHERE ${tables.traces.scope} GROUP BY trace_id HAVING max(end_time) < ${time(cutoff)})`;

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
const utcDayOf = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

export async function applyRetention(
  projectId: string,
  settings: RetentionSettings,
  now = new Date(),
): Promise<RetentionResult> {
  const result: RetentionResult = {
    spans: 0,
    traces: 0,
    traceIndex: 0,
    payloadsBlanked: 0,
    logs: 0,
    scores: 0,
    metricPoints: 0,
    usageRows: 0,
  };
  const tag = "retention";
  if (settings.spanDays !== null) {
    const expired = tracesEndedBefore(daysBefore(now, settings.spanDays));
    // The rollup that names the expired traces goes last, so a failed pass repeats cleanly.
    result.spans = await deleteRows(projectId, "spans", expired, `${tag}.spans`);
    result.traceIndex = await deleteRows(projectId, "trace_index", expired, `${tag}.trace_index`);
    // The trace list's per-trace cost rollup goes with the trace (cost history stays in usage_*).
    await deleteRows(projectId, "trace_usage", expired, `${tag}.trace_usage`);
    await deleteRows(projectId, "session_traces", expired, `${tag}.session_traces`);
    result.traces = await deleteRows(projectId, "traces", expired, `${tag}.traces`);
  }
  if (settings.payloadDays !== null) {
    const where = sql`start_time < ${time(daysBefore(now, settings.payloadDays))} AND ${hasPayload}`;
    result.payloadsBlanked = await updateRows(projectId, "spans", blankPayload, where, `${tag}.payloads`);
  }
  if (settings.logDays !== null)
    result.logs = await deleteRows(
      projectId,
      "logs",
      sql`time < ${time(daysBefore(now, settings.logDays))}`,
      `${tag}.logs`,
    );
  if (settings.scoreDays !== null)
    result.scores = await deleteRows(
      projectId,
      "scores",
      sql`trace_time < ${time(daysBefore(now, settings.scoreDays))}`,
      `${tag}.scores`,
    );
  const metricDays = metricDaysOf(settings);
  result.metricPoints = await deleteRows(
    projectId,
    "metric_points",
    sql`time < ${time(daysBefore(now, metricDays))}`,
    `${tag}.metric_points`,
  );
  // Points kept longer than they were written for must not be dropped by the TTL meanwhile.
  const lifetime = param(metricDays, "UInt32");
  await updateRows(
    projectId,
    "metric_points",
    sql`retention_days = ${lifetime}`,
    sql`retention_days != ${lifetime}`,
    `${tag}.metric_lifetime`,
  );
  if (settings.costDays !== null) {
    const firstKeptDay = sql`hour < ${time(utcDayOf(daysBefore(now, settings.costDays)))}`;
    result.usageRows =
      (await deleteRows(projectId, "usage_hourly", firstKeptDay, `${tag}.usage_hourly`)) +
      (await deleteRows(projectId, "usage_daily", firstKeptDay, `${tag}.usage_daily`)) +
      (await deleteRows(projectId, "usage_hourly_totals", firstKeptDay, `${tag}.usage_hourly_totals`)) +
      (await deleteRows(projectId, "usage_daily_totals", firstKeptDay, `${tag}.usage_daily_totals`)) +
      (await deleteRows(projectId, "request_stats_hourly", firstKeptDay, `${tag}.request_stats_hourly`));
  }
  return result;
}
