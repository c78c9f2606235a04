import type { AttributionKeys, ProjectIngestSettings } from "@/lib/domain/ingest-settings";
import { PAYLOAD_REF, type SpanRow } from "@/lib/domain/span/span-row";
import { nanosToClickHouseTime } from "@/lib/domain/span/span-time";
import type { Attributes, AttributeValue, DecodedSpan } from "../otlp/types";
import { namespacesOf, stringOf, type Convention, type Extracted } from "./attributes";
import { attribution } from "./attribution";
import {
  boundedTiming,
  boundedUtilization,
  CLAMPED_ATTRIBUTE,
  ingestWindow,
  timeProblem,
  usageProblem,
  type TimeWindow,
} from "./bounds";
import { classify } from "./classify";
import { completeExtracted } from "./complete";
import { genai } from "./genai";
import { gpu } from "./gpu";
import { openinference } from "./openinference";
import { openllmetry } from "./openllmetry";
import { vercelAi } from "./vercel-ai";

/** A span larger than this (attributes, events and payloads together) is refused on its own. */
export const MAX_SPAN_BYTES = 4 * 1024 * 1024;

// Order matters: the first convention to recognise a field wins; classify() decides the kind.
const CONVENTIONS: Convention[] = [gpu, genai, openinference, openllmetry, vercelAi];

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO = /^0+$/;

export type Normalized = { ok: true; row: SpanRow } | { ok: false; reason: string };

function merge(attributes: Attributes, resource: Attributes): Extracted {
  const merged: Extracted = {};
  const present = namespacesOf(attributes);
  for (const convention of CONVENTIONS) {
    if (!convention.namespaces.some((n) => present.has(n))) continue;
    const found = convention.extract(attributes, resource);
    // Whether a kind is final belongs to the convention whose kind won.
    if (merged.kind === undefined && found.kind !== undefined && found.kindIsFinal) merged.kindIsFinal = true;
    for (const key in found) {
      const k = key as keyof Extracted;
      if (k === "kindIsFinal") continue;
      if (merged[k] === undefined && found[k] !== undefined) (merged as Record<string, unknown>)[k] = found[k];
    }
  }
  return merged;
}

/**
 * The session and end-user ids a span carries, by the rules ingest applies (the project's keys,
 * the conventions', the resource's): also for stored spans (`npm run sessions:backfill`), whose
 * attributes are kept flattened to strings, which the extractors read alike.
 */
export function spanIdentity(
  attributes: Attributes,
  resource: Attributes,
  keys: AttributionKeys,
): { session_id: string; user_id: string } {
  const x = merge(attributes, resource);
  const { session_id, user_id } = attribution(attributes, resource, keys, { sessionId: x.sessionId, userId: x.userId });
  return { session_id, user_id };
}

/** Cuts a payload to the cap in UTF-8 bytes; reports whether it cut. */
function cap(value: string | undefined, limit: number, truncated: { value: boolean }): string {
  if (!value) return "";
  if (value.length * 3 <= limit || Buffer.byteLength(value) <= limit) return value;
  truncated.value = true;
  return Buffer.from(value)
    .subarray(0, limit)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
}

function flatten(
  attributes: Attributes,
  limit: number,
  truncated: { value: boolean },
): { map: Record<string, string>; bytes: number } {
  const map: Record<string, string> = {};
  let bytes = 0;
  for (const key in attributes) {
    const value = stringOf(attributes[key] as AttributeValue) ?? "";
    bytes += key.length + value.length;
    map[key] = cap(value, limit, truncated);
  }
  return { map, bytes };
}

const int = (n: number | undefined) => (n !== undefined && n > 0 ? Math.round(n) : 0);

export function validateIds(span: DecodedSpan): string | null {
  if (!TRACE_ID.test(span.traceId) || ZERO.test(span.traceId)) return `span "${span.name}": invalid trace id`;
  if (!SPAN_ID.test(span.spanId) || ZERO.test(span.spanId)) return `span "${span.name}": invalid span id`;
  if (span.parentSpanId && (!SPAN_ID.test(span.parentSpanId) || ZERO.test(span.parentSpanId))) {
    if (!ZERO.test(span.parentSpanId)) return `span "${span.name}": invalid parent span id`;
  }
  if (span.startNanos <= 0n) return `span "${span.name}": missing start time`;
  if (span.endNanos < span.startNanos) return `span "${span.name}": end time before start time`;
  return null;
}

/** Start and end within the ingest window (so is the duration then, and the usage row's hour). */
function validateTimes(span: DecodedSpan, window: TimeWindow): string | null {
  const problem =
    timeProblem("startTimeUnixNano", span.startNanos, window) ?? timeProblem("endTimeUnixNano", span.endNanos, window);
  return problem && `span "${span.name.slice(0, 80)}": ${problem}`;
}

export function normalizeSpan(
  projectId: string,
  span: DecodedSpan,
  settings: ProjectIngestSettings,
  window: TimeWindow = ingestWindow(),
): Normalized {
  const invalid = validateIds(span) ?? validateTimes(span, window);
  if (invalid) return { ok: false, reason: invalid };

  const limit = settings.payloadCapBytes;
  const truncated = { value: false };
  const x = merge(span.attributes, span.resource);
  const kind = classify(x);
  const attrs = flatten(span.attributes, limit, truncated);
  const resourceAttrs = flatten(span.resource, limit, truncated);
  const eventsJson = JSON.stringify(
    span.events.map((e) => ({
      time: nanosToClickHouseTime(e.timeNanos > 0n ? e.timeNanos : span.startNanos),
      name: e.name,
      attributes: e.attributes,
    })),
  );
  const size = attrs.bytes + resourceAttrs.bytes + eventsJson.length + span.name.length;
  if (size > MAX_SPAN_BYTES)
    return { ok: false, reason: `span "${span.name.slice(0, 80)}": larger than ${MAX_SPAN_BYTES} bytes` };

  const { usageEstimated } = completeExtracted(x, kind, span.statusCode === 2);
  const exception = span.events.find((e) => e.name === "exception")?.attributes ?? {};
  const exceptionMessage = stringOf(exception["exception.message"]) ?? "";
  const status = span.statusCode === 2 ? "error" : span.statusCode === 1 ? "ok" : "unset";
  const durationMs = Number(span.endNanos - span.startNanos) / 1e6;
  // GPU attributes price the span by GPU time, whether it is a model call or other GPU work.
  const gpuCount = x.gpuType ? Math.max(1, Math.round(x.gpuCount ?? 1)) : 0;
  const unusable = usageProblem(x, gpuCount);
  if (unusable) return { ok: false, reason: `span "${span.name.slice(0, 80)}": ${unusable}` };
  const clamped: string[] = [];
  const { tenant, feature, session_id, user_id } = attribution(span.attributes, span.resource, settings, {
    tenant: x.tenant,
    feature: x.feature,
    sessionId: x.sessionId,
    userId: x.userId,
  });

  const row: SpanRow = {
    project_id: projectId,
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: ZERO.test(span.parentSpanId) ? "" : span.parentSpanId,
    name: span.name.slice(0, 1024),
    kind,
    service_name: stringOf(span.resource["service.name"]) ?? "",
    start_time: nanosToClickHouseTime(span.startNanos),
    end_time: nanosToClickHouseTime(span.endNanos),
    duration_ms: durationMs,
    status,
    status_message: (span.statusMessage || (status === "error" ? exceptionMessage : "")).slice(0, 4096),
    tenant,
    feature,
    session_id,
    user_id,
    model: x.model ?? x.responseModel ?? "",
    response_model: x.responseModel ?? "",
    provider: x.provider ?? "",
    operation: x.operation ?? "",
    input_tokens: int(x.inputTokens),
    output_tokens: int(x.outputTokens),
    cached_input_tokens: int(x.cachedInputTokens),
    reasoning_tokens: int(x.reasoningTokens),
    reported_cost_usd: x.reportedCostUsd === undefined || x.reportedCostUsd < 0 ? null : x.reportedCostUsd,
    finish_reason: x.finishReason ?? "",
    prompt_name: x.promptName ?? "",
    prompt_version: x.promptVersion ?? "",
    time_to_first_token_ms: boundedTiming("time_to_first_token_ms", x.timeToFirstTokenMs, clamped),
    time_per_output_token_ms: boundedTiming("time_per_output_token_ms", x.timePerOutputTokenMs, clamped),
    usage_estimated: usageEstimated ? 1 : 0,
    tool_name: x.toolName ?? "",
    tool_call_id: x.toolCallId ?? "",
    tool_arguments: cap(x.toolArguments, limit, truncated),
    tool_result: cap(x.toolResult, limit, truncated),
    documents: cap(x.documents?.length ? JSON.stringify(x.documents) : "", limit, truncated),
    input: cap(x.input, limit, truncated),
    output: cap(x.output, limit, truncated),
    payload_truncated: truncated.value ? 1 : 0,
    gpu_type: x.gpuType ?? "",
    gpu_count: gpuCount,
    gpu_utilization: boundedUtilization(x.gpuUtilization, clamped),
    gpu_seconds: (durationMs / 1000) * gpuCount,
    exception_type: stringOf(exception["exception.type"]) ?? "",
    exception_message: exceptionMessage.slice(0, 4096),
    attributes: attrs.map,
    resource_attributes: resourceAttrs.map,
    events: cap(eventsJson, limit, truncated),
  };
  if (clamped.length) row.attributes[CLAMPED_ATTRIBUTE] = clamped.join(",");
  dedupePayloadAttributes(row);
  return { ok: true, row };
}

const PAYLOAD_COLUMNS = ["input", "output", "tool_arguments", "tool_result"] as const;

// Large payload attributes (gen_ai.input.messages, input.value, ...) would otherwise be stored
// twice; the attribute keeps a reference that reads resolve back to the column's value.
function dedupePayloadAttributes(row: SpanRow): void {
  for (const key in row.attributes) {
    const value = row.attributes[key]!;
    if (value.length < 256) continue;
    const column = PAYLOAD_COLUMNS.find((c) => row[c] === value);
    if (column) row.attributes[key] = `${PAYLOAD_REF}${column}`;
  }
}
