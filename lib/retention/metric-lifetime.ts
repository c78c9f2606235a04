import "server-only";
import { metricDaysOf, storedRetention } from "./retention-settings";

// The lifetime written into each metric point (`retention_days`, the table's TTL), read on
// every metrics request: cached briefly per process, on globalThis so that every Next bundle
// sees an update.
const holder = globalThis as unknown as { __metricLifetime?: Map<string, { days: number; until: number }> };
const cache = (holder.__metricLifetime ??= new Map());

export async function metricLifetimeFor(projectId: string): Promise<number> {
  const hit = cache.get(projectId);
  if (hit && hit.until > Date.now()) return hit.days;
  const days = metricDaysOf(await storedRetention(projectId));
  cache.set(projectId, { days, until: Date.now() + 30_000 });
  return days;
}

export function forgetMetricLifetime(projectId: string): void {
  cache.delete(projectId);
}
