import type { SpanRow } from "@/lib/domain/span/span-row";

/** A stored span with every column at its empty value, for tests that write rows directly. */
export function spanRow(over: Partial<SpanRow> & Pick<SpanRow, "project_id" | "trace_id" | "span_id" | "start_time">): SpanRow {
  return {
    parent_span_id: "", name: "span", kind: "other", service_name: "test", end_time: over.start_time, duration_ms: 0, status: "ok",
    status_message: "", tenant: "", feature: "", model: "", response_model: "", provider: "", operation: "", input_tokens: 0,
    output_tokens: 0, cached_input_tokens: 0, reasoning_tokens: 0, reported_cost_usd: null, finish_reason: "", prompt_name: "",
    prompt_version: "", time_to_first_token_ms: null, time_per_output_token_ms: null, usage_estimated: 0, tool_name: "", tool_call_id: "",
    tool_arguments: "", tool_result: "", documents: "", input: "", output: "", payload_truncated: 0, gpu_type: "", gpu_count: 0,
    gpu_utilization: null, gpu_seconds: 0, exception_type: "", exception_message: "", attributes: {}, resource_attributes: {}, events: "[]",
    ...over,
  };
}
