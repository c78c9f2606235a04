import "server-only";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { queryRows } from "@/lib/clickhouse/query";
import { tables } from "@/lib/clickhouse/tables";
import { sql, str } from "@/lib/clickhouse/sql";
import { fromClickHouseTime } from "@/lib/domain/span/span-time";
import { notFound } from "@/lib/api/errors";
import { PAYLOAD_REF, type SpanRow } from "@/lib/domain/span/span-row";
import { loadPricing } from "@/lib/pricing/price-catalog";
import { spanCost } from "@/lib/pricing/price-span";
import { traceScores } from "@/lib/scores/trace-scores";
import { structuralAttributes } from "./structural-attributes";
import { readSpanLogs } from "./span-logs";
import { aggregateSpans } from "@/lib/domain/usage/usage-aggregates";
import { attributed } from "@/lib/domain/usage/trace-attribution";

/** A stored span as the detail reads it: every column but the ids of its project and trace. */
type SpanRecord = Omit<SpanRow, "project_id" | "trace_id">;

type SpanEvent = { name: string; time: string; attributes?: Record<string, unknown> };

type TraceRecord = {
  name: string;
  tenant: string;
  feature: string;
  session_id: string;
  user_id: string;
  start: string;
  end: string;
  error_count: number;
};

const ID = /^[0-9a-f]{32}$/;

function parseJsonOr<T>(text: string, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Attributes stored as a reference to a payload column get their value back. */
function resolvePayloadRefs(s: SpanRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(s.attributes)) {
    const column = value.startsWith(PAYLOAD_REF)
      ? (value.slice(PAYLOAD_REF.length) as "input" | "output" | "tool_arguments" | "tool_result")
      : null;
    out[key] = column && column in s ? s[column] : value;
  }
  return out;
}

const iso = (t: string) => fromClickHouseTime(t).toISOString();

/** One whole trace; tenant and feature are inherited from the trace where a span lacks them. */
export async function getTrace({ ctx, traceId }: { ctx: ProjectContext; traceId: string }) {
  requirePermission(ctx, "project.read");
  const id = traceId.toLowerCase();
  if (!ID.test(id)) throw notFound("Trace not found");
  const [trace] = await queryRows<TraceRecord>({
    projectId: ctx.projectId,
    tag: "traces.get.summary",
    query: sql`
      SELECT argMaxMerge(name) AS name, argMinMerge(tenant) AS tenant, argMinMerge(feature) AS feature,
             argMinMerge(session_id) AS session_id, argMinMerge(user_id) AS user_id,
             min(start_time) AS start, max(end_time) AS end, sum(error_count) AS error_count
      FROM ${tables.traces} WHERE ${tables.traces.scope} AND trace_id = ${str(id)} GROUP BY trace_id`,
  });
  if (!trace) throw notFound("Trace not found");
  const spans = await queryRows<SpanRecord>({
    projectId: ctx.projectId,
    tag: "traces.get.spans",
    query: sql`
      SELECT * EXCEPT (project_id, trace_id, ingested_at) FROM ${tables.spans}
      WHERE ${tables.spans.scope} AND trace_id = ${str(id)}
      ORDER BY span_id, ingested_at DESC LIMIT 1 BY span_id`,
  });
  const showPayloads = can(ctx.role, "payloads.read");
  const [pricing, scores, logs] = await Promise.all([
    loadPricing(ctx.projectId),
    traceScores({ ctx, traceId: id }),
    readSpanLogs({ ctx, traceId: id }),
  ]);
  logs.fillMessages(spans);
  // Spans whose usage repeats their descendants' are shown with it but counted nowhere.
  const aggregates = aggregateSpans(spans);
  const counted = spans.filter((s) => !aggregates.has(s));
  const costs = new Map(counted.map((s) => [s.span_id, spanCost(s, pricing)]));
  const payload = <T>(value: T): T | null => (showPayloads ? value : null);
  const start = fromClickHouseTime(trace.start);
  const end = fromClickHouseTime(trace.end);

  return {
    traceId: id,
    name: trace.name,
    tenant: trace.tenant,
    feature: trace.feature,
    /** The conversation and the end user (a span's own, else the trace's, as tenant). */
    sessionId: trace.session_id || null,
    userId: trace.user_id || null,
    status: Number(trace.error_count) > 0 ? "error" : "ok",
    startTime: start.toISOString(),
    endTime: end.toISOString(),
    durationMs: end.getTime() - start.getTime(),
    costUsd: [...costs.values()].reduce<number>((sum, c) => sum + (c ?? 0), 0),
    inputTokens: counted.reduce((sum, s) => sum + Number(s.input_tokens), 0),
    outputTokens: counted.reduce((sum, s) => sum + Number(s.output_tokens), 0),
    catalogVersion: pricing.catalogVersion,
    payloadsHidden: !showPayloads,
    spans: spans
      .sort((a, b) => a.start_time.localeCompare(b.start_time) || a.span_id.localeCompare(b.span_id))
      .map((s) => ({
        spanId: s.span_id,
        parentSpanId: s.parent_span_id || null,
        name: s.name,
        kind: s.kind,
        serviceName: s.service_name,
        startTime: iso(s.start_time),
        endTime: iso(s.end_time),
        durationMs: s.duration_ms,
        status: s.status,
        // Status and exception messages are free text (often the prompt or the answer quoted): payload-like.
        statusMessage: payload(s.status_message || null),
        ...attributed(s, trace),
        tenantInherited: !s.tenant && !!trace.tenant,
        model: s.model || null,
        responseModel: s.response_model || null,
        provider: s.provider || null,
        operation: s.operation || null,
        inputTokens: Number(s.input_tokens),
        outputTokens: Number(s.output_tokens),
        cachedInputTokens: Number(s.cached_input_tokens),
        reasoningTokens: Number(s.reasoning_tokens),
        costUsd: costs.get(s.span_id) ?? null,
        usageAggregate: aggregates.has(s),
        costReported: s.reported_cost_usd !== null,
        finishReason: s.finish_reason || null,
        promptName: s.prompt_name || null,
        promptVersion: s.prompt_version || null,
        timeToFirstTokenMs: s.time_to_first_token_ms,
        timePerOutputTokenMs: s.time_per_output_token_ms ?? null,
        /** Tokens counted from the content: the library sent messages but no counts. */
        usageEstimated: s.usage_estimated === 1,
        gpuType: s.gpu_type || null,
        gpuCount: Number(s.gpu_count),
        gpuUtilization: s.gpu_utilization,
        gpuSeconds: s.gpu_seconds,
        input: payload(s.input || null),
        output: payload(s.output || null),
        documents: parseJsonOr<Array<{ id: string; score: number | null; content: string }>>(s.documents, []).map(
          (d) => ({
            id: d.id,
            score: d.score,
            content: payload(d.content),
          }),
        ),
        tool:
          s.tool_name || s.tool_call_id
            ? {
                name: s.tool_name,
                callId: s.tool_call_id || null,
                arguments: payload(s.tool_arguments || null),
                result: payload(s.tool_result || null),
              }
            : null,
        payloadTruncated: s.payload_truncated === 1,
        exception:
          s.exception_type || s.exception_message
            ? { type: s.exception_type, message: payload(s.exception_message || null) }
            : null,
        attributes: showPayloads ? resolvePayloadRefs(s) : structuralAttributes(s.attributes),
        resourceAttributes: showPayloads ? s.resource_attributes : structuralAttributes(s.resource_attributes),
        logs: logs.of(s.span_id),
        events: showPayloads
          ? parseJsonOr<unknown[]>(s.events, [])
          : parseJsonOr<SpanEvent[]>(s.events, []).map((e) => ({
              name: e.name,
              time: e.time,
              attributes: structuralAttributes(e.attributes ?? {}),
            })),
      })),
    logs: logs.unattached(spans.map((s) => s.span_id)),
    scores,
    canAnnotate: can(ctx.role, "scores.write"),
    canRerun: can(ctx.role, "experiments.run"),
  };
}
