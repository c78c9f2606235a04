// Step-by-step comparison of a trace with a reference run: pure, so it is unit-tested alone.

export type ComparableSpan = {
  spanId: string;
  name: string;
  kind: string;
  status: string;
  statusMessage: string | null;
  durationMs: number;
  model: string | null;
  promptVersion: string | null;
  inputTokens: number;
  outputTokens: number;
  documents: Array<{ id: string }>;
  tool: { name: string; result: string | null } | null;
  startTime: string;
};

export type StepChange = { field: string; before: string; after: string };
export type StepDiff =
  | { type: "same" | "changed"; key: string; base: ComparableSpan; target: ComparableSpan; changes: StepChange[] }
  | { type: "missing"; key: string; base: ComparableSpan }
  | { type: "added"; key: string; target: ComparableSpan };

/** Steps match on kind and name, and on the n-th occurrence of that pair. */
function keyed(spans: ComparableSpan[]): Array<{ key: string; span: ComparableSpan }> {
  const seen = new Map<string, number>();
  return [...spans]
    .sort((a, b) => a.startTime.localeCompare(b.startTime))
    .map((span) => {
      const base = `${span.kind}:${span.name}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return { key: `${base}#${n}`, span };
    });
}

const show = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "–" : String(v));

function changesBetween(base: ComparableSpan, target: ComparableSpan): StepChange[] {
  const changes: StepChange[] = [];
  const add = (field: string, a: string | number | null | undefined, b: string | number | null | undefined) => {
    if (show(a) !== show(b)) changes.push({ field, before: show(a), after: show(b) });
  };
  add(
    "status",
    base.status === "error" ? `error: ${show(base.statusMessage)}` : base.status,
    target.status === "error" ? `error: ${show(target.statusMessage)}` : target.status,
  );
  add("model", base.model, target.model);
  add("prompt version", base.promptVersion, target.promptVersion);
  const baseDocs = base.documents.map((d) => d.id).join(", ");
  const targetDocs = target.documents.map((d) => d.id).join(", ");
  if (base.kind === "retrieval" || target.kind === "retrieval")
    add("documents", baseDocs || "none", targetDocs || "none");
  if (base.tool || target.tool) add("tool result", base.tool?.result, target.tool?.result);
  const tokenDelta = target.inputTokens + target.outputTokens - (base.inputTokens + base.outputTokens);
  const baseTokens = base.inputTokens + base.outputTokens;
  if (baseTokens > 0 && Math.abs(tokenDelta) / baseTokens >= 0.2)
    add("tokens", baseTokens, target.inputTokens + target.outputTokens);
  // Latency counts as changed when it moves by half or more (and at least 100 ms), or by a second
  // or more that is a fifth of the step: 9.5 s against 12.5 s is a change someone waited for.
  const latencyDelta = Math.abs(target.durationMs - base.durationMs);
  const relative = base.durationMs > 0 ? latencyDelta / base.durationMs : Infinity;
  if ((latencyDelta >= 100 && relative >= 0.5) || (latencyDelta >= 1000 && relative >= 0.2)) {
    add("duration ms", Math.round(base.durationMs), Math.round(target.durationMs));
  }
  return changes;
}

/** Aligns steps by their keys in execution order (longest common subsequence), then compares pairs. */
export function diffTraces(base: ComparableSpan[], target: ComparableSpan[]): StepDiff[] {
  const a = keyed(base);
  const b = keyed(target);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i]!.key === b[j]!.key ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: StepDiff[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i]!.key === b[j]!.key) {
      const changes = changesBetween(a[i]!.span, b[j]!.span);
      out.push({
        type: changes.length ? "changed" : "same",
        key: a[i]!.key,
        base: a[i]!.span,
        target: b[j]!.span,
        changes,
      });
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push({ type: "added", key: b[j]!.key, target: b[j]!.span });
      j++;
    } else {
      out.push({ type: "missing", key: a[i]!.key, base: a[i]!.span });
      i++;
    }
  }
  return out;
}
