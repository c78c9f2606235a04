// Identity of spans and traces across projects: ids are unique only within a project.

export const spanKey = (s: { project_id: string; trace_id: string; span_id: string }) =>
  `${s.project_id}\u0000${s.trace_id}\u0000${s.span_id}`;

export const traceKey = (s: { project_id: string; trace_id: string }) => `${s.project_id}\u0000${s.trace_id}`;

export function groupByTrace<T extends { project_id: string; trace_id: string }>(spans: T[]): Map<string, T[]> {
  const byTrace = new Map<string, T[]>();
  for (const s of spans) {
    const list = byTrace.get(traceKey(s));
    if (list) list.push(s);
    else byTrace.set(traceKey(s), [s]);
  }
  return byTrace;
}
