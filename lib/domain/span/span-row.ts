// The span as this product stores it: one row of the ClickHouse `spans` table, written by the
// ingest normalizer and read back by the services.

export const SPAN_KINDS = ["llm", "embedding", "retrieval", "tool", "agent", "chain", "gpu", "other"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

/** One row of the `spans` table. */
export type SpanRow = {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  name: string;
  kind: SpanKind;
  service_name: string;
  start_time: string;
  end_time: string;
  duration_ms: number;
  status: "unset" | "ok" | "error";
  status_message: string;
  tenant: string;
  feature: string;
  /** The session (conversation) and end user the span names itself; '' when it names none (it counts under its trace's). Optional for rows written before migration 0017. */
  session_id?: string;
  user_id?: string;
  model: string;
  response_model: string;
  provider: string;
  operation: string;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  reasoning_tokens: number;
  reported_cost_usd: number | null;
  finish_reason: string;
  prompt_name: string;
  prompt_version: string;
  time_to_first_token_ms: number | null;
  time_per_output_token_ms: number | null;
  usage_estimated: number;
  tool_name: string;
  tool_call_id: string;
  tool_arguments: string;
  tool_result: string;
  documents: string;
  input: string;
  output: string;
  payload_truncated: number;
  gpu_type: string;
  gpu_count: number;
  gpu_utilization: number | null;
  gpu_seconds: number;
  exception_type: string;
  exception_message: string;
  attributes: Record<string, string>;
  resource_attributes: Record<string, string>;
  events: string;
};

/** Marks an attribute whose value is stored whole in a payload column, e.g. `\u0000ref:input`. */
export const PAYLOAD_REF = "\u0000ref:";
