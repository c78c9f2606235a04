// What roles without `payloads.read` (finance, viewer) may see of an attribute map: an
// allow-list. Attribute keys named here describe a span's structure (model, tokens, timings,
// status, attribution, kinds, ids, GPU, provider, service, host); every other key, including
// any custom one, is treated as payload and left out. The one list for span, resource, event
// and log-record attributes alike, in every read (trace list and view, export, compare, logs).

const STRUCTURAL_KEYS = new Set([
  // Kinds and operations
  "gen_ai.operation.name", "openinference.span.kind", "traceloop.span.kind", "traceloop.entity.name", "traceloop.entity.path",
  "traceloop.workflow.name", "llm.request.type", "ai.operationId", "ai.telemetry.functionId", "operation.name", "event.name",
  // Model and provider
  "gen_ai.system", "gen_ai.provider.name", "gen_ai.request.model", "gen_ai.response.model", "gen_ai.response.id", "gen_ai.output.type",
  "gen_ai.request.max_tokens", "gen_ai.request.temperature", "gen_ai.request.top_p", "gen_ai.request.top_k", "gen_ai.request.seed",
  "gen_ai.request.frequency_penalty", "gen_ai.request.presence_penalty", "gen_ai.request.choice.count", "gen_ai.request.stream",
  "gen_ai.request.encoding_formats", "gen_ai.embeddings.dimension.count", "gen_ai.token.type", "gen_ai.response.finish_reasons",
  "llm.model_name", "embedding.model_name", "llm.provider", "llm.system", "llm.vendor", "llm.request.model", "llm.response.model",
  "llm.is_streaming", "llm.finish_reason", "llm.response.finish_reason", "llm.cost.total",
  "ai.model.id", "ai.model.provider", "ai.response.model", "ai.response.id", "ai.response.finishReason", "ai.response.timestamp",
  "ai.settings.maxRetries", "ai.settings.maxOutputTokens", "ai.settings.temperature", "ai.settings.topP", "ai.settings.topK",
  // Timings
  "gen_ai.server.time_to_first_token", "gen_ai.server.time_per_output_token", "gen_ai.server.request.duration",
  "gen_ai.response.time_to_first_token", "gen_ai.client.operation.time_to_first_chunk", "gen_ai.client.operation.time_per_output_chunk",
  "ai.response.msToFirstChunk", "ai.response.msToFinish", "ai.stream.msToFirstChunk", "ai.response.avgCompletionTokensPerSecond",
  "ai.response.avgOutputTokensPerSecond",
  // Status (the error's type; status and exception messages are payload-like)
  "otel.status_code", "error.type", "exception.type", "exception.escaped", "http.response.status_code", "http.status_code",
  "rpc.grpc.status_code",
  // Attribution and ids
  "tenant.id", "feature.name", "session.id", "user.id", "enduser.id", "gen_ai.conversation.id", "gen_ai.agent.id", "gen_ai.agent.name",
  "gen_ai.data_source.id", "gen_ai.prompt.name", "gen_ai.prompt.version", "prompt.name", "prompt.version",
  "llm.prompt_template.name", "llm.prompt_template.version", "traceloop.prompt.key", "traceloop.prompt.version",
  "traceloop.association.properties.tenant_id", "traceloop.association.properties.tenantId",
  "traceloop.association.properties.feature", "traceloop.association.properties.feature_name",
  "traceloop.association.properties.session_id", "traceloop.association.properties.user_id",
  ...["ai.settings.context.", "ai.telemetry.metadata."].flatMap((p) =>
    ["tenantId", "tenant_id", "featureName", "feature", "sessionId", "session_id", "promptName", "promptVersion", "prompt_name", "prompt_version"].map((k) => p + k)),
  // Tools (names and ids; arguments, results and definitions are payloads)
  "gen_ai.tool.name", "gen_ai.tool.call.id", "gen_ai.tool.type", "tool.name", "tool_call.id", "tool_call.function.name",
  "ai.toolCall.name", "ai.toolCall.id",
  // Evaluations (name and score; the explanation is text)
  "gen_ai.evaluation.name", "gen_ai.evaluation.score.value", "gen_ai.evaluation.score.label",
  // Service, host, network, storage systems
  "service.name", "service.version", "service.namespace", "service.instance.id", "deployment.environment", "deployment.environment.name",
  "host.name", "host.arch", "host.type", "os.type", "os.version", "process.pid", "process.runtime.name", "process.runtime.version",
  "container.id", "container.name", "container.image.name", "server.address", "server.port", "network.protocol.name",
  "network.protocol.version", "http.request.method", "http.method", "http.route", "url.scheme", "rpc.system", "rpc.service", "rpc.method",
  "db.system", "db.system.name", "db.operation", "db.operation.name", "db.collection.name", "db.namespace",
  "otel.scope.name", "otel.scope.version", "otel.library.name", "otel.library.version",
  "code.function", "code.function.name", "code.namespace", "code.filepath", "code.file.path", "code.lineno", "code.line.number",
]);

/** Namespaces whose every key is structural: counts, GPU properties, SDK and platform identity. */
const STRUCTURAL_PREFIXES = [
  "gen_ai.usage.", "observatory.redacted.", "llm.token_count.", "llm.usage.", "ai.usage.", "gpu.", "hw.gpu.", "telemetry.sdk.", "telemetry.distro.", "k8s.", "cloud.",
];

export function isStructuralKey(key: string): boolean {
  return STRUCTURAL_KEYS.has(key) || STRUCTURAL_PREFIXES.some((p) => key.startsWith(p));
}

/** The structural entries of an attribute map. */
export function structuralAttributes<V>(attributes: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(attributes).filter(([key]) => isStructuralKey(key)));
}
