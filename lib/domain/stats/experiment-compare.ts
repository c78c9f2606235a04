import type { CheckResults } from "./experiment";
import { quantile } from "./significance";

// An experiment against a baseline (the recorded answers, or another experiment of the same
// set), item by item and in aggregate: quality (judge, checks), cost, latency, errors. An item
// differs when one side lacks it, when one side failed and the other did not, or when the
// answers differ (trimmed); differing items come first.

export type Side = {
  answer: string;
  error: string | null;
  /** null: not known (a recorded item that came from no trace). */
  costUsd: number | null;
  latencyMs: number | null;
  judge: number | null;
  checks: CheckResults;
};
export type ComparedItem = {
  itemId: string;
  input: unknown[];
  expectedOutput: string | null;
  variant: Side | null;
  baseline: Side | null;
};

const known = <T>(xs: Array<T | null>) => xs.filter((x): x is T => x !== null);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const rate = (xs: Array<boolean | null>) => {
  const k = known(xs);
  return k.length ? k.filter(Boolean).length / k.length : null;
};

export function sideAggregate(sides: Side[]) {
  const costs = known(sides.map((s) => s.costUsd));
  const latencies = known(sides.map((s) => s.latencyMs));
  const judged = known(sides.map((s) => s.judge));
  return {
    items: sides.length,
    errors: sides.filter((s) => s.error !== null).length,
    costUsd: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
    latencyP50Ms: quantile(latencies, 0.5),
    latencyP95Ms: quantile(latencies, 0.95),
    judge: { mean: mean(judged), n: judged.length },
    exactRate: rate(sides.map((s) => s.checks.exact)),
    containsRate: rate(sides.map((s) => s.checks.contains)),
    jsonSchemaRate: rate(sides.map((s) => s.checks.jsonSchema)),
  };
}
export type SideAggregate = ReturnType<typeof sideAggregate>;

export function itemDiffers({ variant, baseline }: Pick<ComparedItem, "variant" | "baseline">): boolean {
  if (!variant || !baseline) return true;
  if ((variant.error === null) !== (baseline.error === null)) return true;
  return variant.answer.trim() !== baseline.answer.trim();
}

export function compareRuns(items: ComparedItem[]) {
  const marked = items.map((i) => ({ ...i, differs: itemDiffers(i) }));
  return {
    aggregate: {
      items: items.length,
      differing: marked.filter((i) => i.differs).length,
      variant: sideAggregate(known(items.map((i) => i.variant))),
      baseline: sideAggregate(known(items.map((i) => i.baseline))),
    },
    items: [...marked.filter((i) => i.differs), ...marked.filter((i) => !i.differs)],
  };
}
