/**
 * Synthetic spans generated inside ClickHouse for the read benchmarks: traces of 5 spans
 * (root, retrieval, llm, tool, llm) spread over the last 30 days, 5 % of them failing in the
 * tool call, across 50 tenants, 8 features and 4 models.
 */
// hex() drops leading zero bytes; ids must be exactly 16 and 32 hex characters.
const h16 = (expr: string) => `leftPad(lower(hex(${expr})), 16, '0')`;

export function seedSpansSql(projectId: string, spans: number, nowMs = Date.now()): string {
  const traces = Math.floor(spans / 5);
  const spacingMs = Math.floor((30 * 86_400_000) / Math.max(traces, 1));
  const quoted = `'${projectId.replace(/'/g, "")}'`;
  return `
    INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, kind, service_name, start_time, end_time, duration_ms, status,
                       status_message, tenant, feature, model, provider, input_tokens, output_tokens, tool_name, input, output, attributes)
    SELECT ${quoted},
           ${h16('cityHash64(t, 1)')} || ${h16('cityHash64(t, 2)')} AS trace_id,
           ${h16('cityHash64(number, 3)')},
           if(k = 0, '', ${h16('cityHash64(t * 5, 3)')}),
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
