// What the experiment routes answer, as the pages read it.

export type ExperimentStatus = "running" | "done" | "stopped_by_cap" | "failed" | "interrupted";

export type ExperimentListEntry = {
  id: string;
  setId: string;
  setVersion: number;
  variant: { model: string; systemPrompt?: string; parameters?: Record<string, number> };
  status: ExperimentStatus;
  error: string | null;
  itemCount: number;
  itemsFinished: number;
  totals: { costUsd?: number; judgeCostUsd?: number; errors?: number; differing?: number } | null;
  startedAt: string;
  finishedAt: string | null;
};

type Checks = { exact: boolean | null; contains: boolean | null; jsonSchema: boolean | null };
export type Side = {
  answer: string;
  error: string | null;
  costUsd: number | null;
  latencyMs: number | null;
  judge: number | null;
  checks: Checks;
};
export type SideAggregate = {
  items: number;
  errors: number;
  costUsd: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  judge: { mean: number | null; n: number };
  exactRate: number | null;
  containsRate: number | null;
  jsonSchemaRate: number | null;
};
export type Comparison = {
  experiment: ExperimentListEntry;
  against: { kind: "recorded" } | { kind: "experiment"; id: string; model: string; setVersion: number };
  aggregate: { items: number; differing: number; variant: SideAggregate; baseline: SideAggregate };
  items: Array<{
    itemId: string;
    input: Array<{ role: string; content: string | null }>;
    expectedOutput: string | null;
    variant: Side | null;
    baseline: Side | null;
    differs: boolean;
  }>;
};

export const experimentKeys = {
  list: (setId: string) => ["experiments", "set", setId] as const,
  compare: (id: string, against: string) => ["experiments", id, "compare", against] as const,
};

export const STATUS_LABEL: Record<ExperimentStatus, string> = {
  running: "running",
  done: "done",
  stopped_by_cap: "stopped by cost cap",
  failed: "failed",
  interrupted: "interrupted",
};

/** Poll while a run is going; settle once it is closed. */
export const POLL_MS = 1000;
