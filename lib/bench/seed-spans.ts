/**
 * Synthetic spans generated inside ClickHouse for the read benchmarks: traces of 5 spans
 * (root, retrieval, llm, tool, llm) spread over the last 30 days, 5 % of them failing in the
 * tool call, across 50 tenants, 8 features and 4 models. Every two traces are one session (the
 * two turns of a conversation, named on the roots) of one of 5,000 end users.
 */
// hex() drops leading zero bytes; ids must be exactly 16 and 32 hex characters.
const h16 = (expr: string) => `leftPad(lower(hex(${expr})), 16, '0')`;

export function seedSpansSql(projectId: string, spans: number, nowMs = Date.now()): string {
  const traces = Math.floor(spans / 5);
  const spacingMs = Math.floor((30 * 86_400_000) / Math.max(traces, 1));
  const quoted = `'${projectId.replace(/'/g, "")}'`;
  return `
    INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, kind, service_name, start_time, end_time, duration_ms, status,
                       status_message, tenant, feature, session_id, user_id, model, provider, input_tokens, output_tokens, tool_name, input, output, attributes)
    SELECT ${quoted},
           ${h16("cityHash64(t, 1)")} || ${h16("cityHash64(t, 2)")} AS trace_id,
           ${h16("cityHash64(number, 3)")},
           if(k = 0, '', ${h16("cityHash64(t * 5, 3)")}),
           ['answer', 'vector search', 'chat', 'execute_tool lookup', 'chat answer'][k + 1],
           ['chain', 'retrieval', 'llm', 'tool', 'llm'][k + 1],
           'bench',
           fromUnixTimestamp64Milli(toInt64(${nowMs} - t * ${spacingMs} + k * 200)),
           fromUnixTimestamp64Milli(toInt64(${nowMs} - t * ${spacingMs} + k * 200 + if(k = 0, 1000, 150))),
           if(k = 0, 1000, 150),
           if(failing AND k = 3, 'error', 'ok'),
           if(failing AND k = 3, 'lookup timed out', ''),
           if(k = 0, concat('tenant-', toString(t % 50)), ''),
           if(k = 0, concat('feature-', toString(t % 8)), ''),
           if(k = 0, concat('session-', toString(intDiv(t, 2))), ''),
           if(k = 0, concat('user-', toString(intDiv(t, 2) % 5000)), ''),
           if(k IN (2, 4), ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'llama-3.1-70b'][t % 4 + 1], ''),
           if(k IN (2, 4), 'openai', ''),
           if(k IN (2, 4), 500 + t % 700, 0),
           if(k IN (2, 4), 50 + t % 200, 0),
           if(k = 3, 'lookup', ''),
           if(k = 2, repeat('question about an order ', 20), ''),
           if(k = 2, repeat('an answer ', 20), ''),
           map('gen_ai.request.model', if(k IN (2, 4), 'gpt-4o', ''))
    FROM (SELECT number, intDiv(number, 5) AS t, number % 5 AS k, cityHash64(intDiv(number, 5), 9) % 20 = 0 AS failing FROM numbers(${traces * 5}))`;
}

/**
 * Synthetic big traces for the trace-list bench: `traces` traces of 200 to 4,000 spans (sizes
 * spread evenly, ~2,100 on average) over the last 30 days. Each is an agent root carrying the
 * sum of its calls (an aggregate, so the rule has work to do), a tree of ten children per span,
 * every third span an LLM call on one of four models, the others tool calls; 5 % fail.
 */
export function seedBigTracesSql(projectId: string, traces: number, nowMs = Date.now()): string {
  const spacingMs = Math.floor((30 * 86_400_000) / Math.max(traces, 1));
  const quoted = `'${projectId.replace(/'/g, "")}'`;
  const llm = "k % 3 = 1";
  return `
    INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, kind, service_name, start_time, end_time, duration_ms, status,
                       status_message, tenant, feature, model, provider, operation, input_tokens, output_tokens, tool_name, input, output, attributes)
    SELECT ${quoted},
           ${h16("cityHash64(t, 1)")} || ${h16("cityHash64(t, 2)")},
           ${h16("cityHash64(t, k, 3)")},
           if(k = 0, '', ${h16("cityHash64(t, intDiv(k - 1, 10), 3)")}),
           if(k = 0, 'invoke_agent support', if(${llm}, 'chat', 'execute_tool lookup')),
           if(k = 0, 'agent', if(${llm}, 'llm', 'tool')),
           'bench',
           fromUnixTimestamp64Milli(toInt64(${nowMs} - t * ${spacingMs} + k * 10)),
           fromUnixTimestamp64Milli(toInt64(${nowMs} - t * ${spacingMs} + k * 10 + if(k = 0, size * 10 + 100, 80))),
           if(k = 0, size * 10 + 100, 80),
           if(failing AND k = 2, 'error', 'ok'),
           if(failing AND k = 2, 'lookup timed out', ''),
           if(k = 0, concat('tenant-', toString(t % 50)), ''),
           if(k = 0, concat('feature-', toString(t % 8)), ''),
           if(${llm} OR k = 0, ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'llama-3.1-70b'][(t + k) % 4 + 1], ''),
           if(${llm} OR k = 0, 'openai', ''),
           if(k = 0, 'invoke_agent', if(${llm}, 'chat', 'execute_tool')),
           if(k = 0, intDiv(size, 3) * 800, if(${llm}, 500 + k % 600, 0)),
           if(k = 0, intDiv(size, 3) * 80, if(${llm}, 50 + k % 100, 0)),
           if(${llm} OR k = 0, '', 'lookup'),
           if(${llm}, repeat('question about an order ', 10), ''),
           if(${llm}, repeat('an answer ', 10), ''),
           map('gen_ai.operation.name', if(k = 0, 'invoke_agent', if(${llm}, 'chat', 'execute_tool')))
    FROM (SELECT number AS t, 200 + intDiv(number * 3800, ${Math.max(traces - 1, 1)}) AS size, cityHash64(number, 9) % 20 = 0 AS failing
          FROM numbers(${traces}))
    ARRAY JOIN range(size) AS k`;
}
