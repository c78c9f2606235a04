import type { ApplyTo } from "@/db/postgres/schema";
import { DEFAULT_GPU_RATES, DEFAULT_MODEL_PRICES } from "./default-catalog";

// Which prices apply to which model, as versions over time. Pure: the SQL that applies them to
// spans is built from its output (see cost-sql.ts).

/** Long-context tiers must start at or above this; the usage rollup keeps such calls' exact input size. */
export const TIER_FLOOR_TOKENS = 32_000;

/** The input size that picks a long-context tier, as the rollups key it: exact from the floor up, else 0. */
export const tierTokens = (inputTokens: number): number => (inputTokens >= TIER_FLOOR_TOKENS ? inputTokens : 0);

export type PriceRow = {
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number | null;
  minInputTokens: number;
  effectiveFrom: Date;
  /** The row ends (prices nothing) from the first UTC midnight at or after this; null: open. */
  effectiveTo: Date | null;
  applyTo: ApplyTo;
  createdAt: Date;
};
export type RateRow = { gpuType: string; usdPerHour: number; effectiveFrom: Date; applyTo: ApplyTo; createdAt: Date };

/**
 * One version of a price: valid from `fromMs` (0 = all history) until `toMs` (OPEN_MS: no end)
 * for calls above `minInputTokens`. `rank` is how specific its name match is; a more specific
 * match wins wherever it has a valid version.
 */
export type PriceVersion = {
  rank: number;
  fromMs: number;
  toMs: number;
  input: number;
  output: number;
  cached: number;
  minInputTokens: number;
};
export type RateVersion = { fromMs: number; usdPerHour: number };

const EPOCH = new Date(0);
/** The end of a version that does not end (fits ClickHouse's Int64 and JS's safe integers). */
export const OPEN_MS = Number.MAX_SAFE_INTEGER;

export const defaultPriceRows = (): PriceRow[] =>
  DEFAULT_MODEL_PRICES.map((p) => ({
    model: p.model,
    inputPerMTok: p.input,
    outputPerMTok: p.output,
    cachedInputPerMTok: p.cachedInput ?? null,
    minInputTokens: p.minInputTokens ?? 0,
    effectiveFrom: EPOCH,
    effectiveTo: null,
    applyTo: "history",
    createdAt: EPOCH,
  }));

export const defaultRateRows = (): RateRow[] =>
  DEFAULT_GPU_RATES.map((r) => ({
    gpuType: r.gpuType,
    usdPerHour: r.usdPerHour,
    effectiveFrom: EPOCH,
    applyTo: "history",
    createdAt: EPOCH,
  }));

/** Exact names beat patterns; among patterns the longest (most specific) wins. */
function specificity(pattern: string, name: string): number {
  if (!pattern.includes("*")) return pattern.toLowerCase() === name.toLowerCase() ? Number.MAX_SAFE_INTEGER : -1;
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return regex.test(name) ? pattern.replace(/\*/g, "").length : -1;
}

const DAY_MS = 86_400_000;

const midnightOnOrAfter = (d: Date) => Math.ceil(d.getTime() / DAY_MS) * DAY_MS;

/**
 * Rows as versions in force over [fromMs, toMs). A "history" row re-prices what came before:
 * older rows give way to it for all time, or, when it ends, until its end. A version starts and
 * ends at the first UTC midnight at or after its date, because cost reads price daily and hourly
 * usage rollups (usage_daily, usage_hourly); per-span pricing follows suit.
 */
function versionsOf<T extends { applyTo: ApplyTo; createdAt: Date; effectiveFrom: Date; effectiveTo?: Date | null }>(
  rows: T[],
): Array<T & { fromMs: number; toMs: number }> {
  const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  let kept: Array<T & { fromMs: number; toMs: number }> = [];
  for (const r of sorted) {
    const version = {
      ...r,
      fromMs: r.applyTo === "history" ? 0 : midnightOnOrAfter(r.effectiveFrom),
      toMs: r.effectiveTo ? midnightOnOrAfter(r.effectiveTo) : OPEN_MS,
    };
    if (r.applyTo === "history")
      kept = kept.map((k) => ({ ...k, fromMs: Math.max(k.fromMs, version.toMs) })).filter((k) => k.fromMs < k.toMs);
    kept.push(version);
  }
  return kept.filter((k) => k.fromMs < k.toMs);
}

/** Price versions for a model name, from project rows and the default catalog together. */
export function priceVersionsFor(name: string, projectRows: PriceRow[], defaults = defaultPriceRows()): PriceVersion[] {
  const groups = new Map<string, PriceRow[]>(); // by rank and tier
  for (const row of [...defaults, ...projectRows]) {
    const rank = specificity(row.model, name);
    if (rank < 0) continue;
    const key = `${rank}:${row.minInputTokens}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()].flatMap(([key, rows]) =>
    versionsOf(rows).map((r) => ({
      rank: Number(key.split(":")[0]),
      fromMs: r.fromMs,
      toMs: r.toMs,
      input: r.inputPerMTok,
      output: r.outputPerMTok,
      cached: r.cachedInputPerMTok ?? r.inputPerMTok,
      minInputTokens: r.minInputTokens,
    })),
  );
}

export function rateVersionsFor(gpuType: string, projectRows: RateRow[], defaults = defaultRateRows()): RateVersion[] {
  const matching = [...defaults, ...projectRows].filter((r) => r.gpuType.toLowerCase() === gpuType.toLowerCase());
  return versionsOf(matching).map((r) => ({ fromMs: r.fromMs, usdPerHour: r.usdPerHour }));
}

/** The version that prices a call at `atMs` with `inputTokens`: most specific, latest start, highest tier. */
export function pickPrice(versions: PriceVersion[], atMs: number, inputTokens: number): PriceVersion | undefined {
  return versions
    .map((v, index) => ({ v, index }))
    .filter(({ v }) => v.fromMs <= atMs && atMs < v.toMs && (v.minInputTokens === 0 || inputTokens > v.minInputTokens))
    .sort(
      (a, b) =>
        a.v.rank - b.v.rank || a.v.fromMs - b.v.fromMs || a.v.minInputTokens - b.v.minInputTokens || a.index - b.index,
    )
    .pop()?.v;
}

/** The GPU rate in force at `atMs`: the latest version that started by then. */
export function pickRate(versions: RateVersion[], atMs: number): RateVersion | undefined {
  return versions
    .filter((v) => v.fromMs <= atMs)
    .sort((a, b) => a.fromMs - b.fromMs)
    .pop();
}

/** USD for one call; input tokens include the cached ones. */
export function callCost(p: PriceVersion, usage: { input: number; output: number; cached: number }): number {
  const cached = Math.min(usage.cached, usage.input);
  return ((usage.input - cached) * p.input + cached * p.cached + usage.output * p.output) / 1_000_000;
}
