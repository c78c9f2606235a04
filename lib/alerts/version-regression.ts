import "server-only";
import type { AlertRule } from "@/db/postgres/schema";
import { releaseComparison } from "@/lib/releases/compare-releases";
import type { GroupValue } from "./metric-values";

// version_regression: the release comparison over the rule's window, one group per feature:
// 1 when the candidate is significantly worse than the baseline, 0 otherwise (better, the same,
// or not enough data); the volume is the smaller side's requests, for the rule's minimum volume.

export async function versionRegression(rule: AlertRule, from: Date, to: Date): Promise<GroupValue[]> {
  if (!rule.version) return [];
  const result = await releaseComparison(rule.projectId, { ...rule.version, from, to });
  return result.features.map((f) => ({
    group: { feature: f.feature },
    value: f.verdict === "worse" ? 1 : 0,
    volume: Math.min(f.baseline.requests, f.candidate.requests),
  }));
}
