import "server-only";
import { applyRetention } from "./apply-retention";
import { markRetentionApplied, storedRetention } from "./retention-settings";

/** The periodic pass for one project; projects that never set a retention keep everything (metric points: the TTL). */
export async function runRetention(projectId: string, now = new Date()) {
  const stored = await storedRetention(projectId);
  if (!stored.appliedAt) return null;
  const removed = await applyRetention(projectId, stored, now);
  await markRetentionApplied(projectId, now);
  return removed;
}
