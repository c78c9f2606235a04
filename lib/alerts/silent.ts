import type { AlertRule } from "@/db/postgres/schema";

// A page- or ticket-tier rule that would fire and reach nobody: shown as such in the rule list,
// the editor and the Overview. Pages need a channel; tickets need a channel or someone to hold
// them (the rule's owner, the feature's, or the project's default assignee).

export type Reach = { defaultAssignee: string | null; ownedFeatures: string[]; financeContacts?: string[] };

export function silentReason(
  rule: Pick<AlertRule, "tier" | "channelIds" | "owner" | "filter" | "groupBy"> & { metric?: string },
  reach: Reach,
): string | null {
  if (rule.tier === "dashboard" || rule.channelIds.length > 0) return null;
  if (rule.tier === "page") return "no channel: its pages reach nobody";
  const featureOwned = rule.filter.feature
    ? reach.ownedFeatures.includes(rule.filter.feature)
    : rule.groupBy.includes("feature") && reach.ownedFeatures.length > 0;
  // Budget rules have one group per budget: feature budgets reach their owners, tenant and end-user budgets the finance contacts.
  const budgetReached =
    rule.metric?.startsWith("budget_") === true &&
    (reach.ownedFeatures.length > 0 || (reach.financeContacts?.length ?? 0) > 0);
  if (rule.owner || reach.defaultAssignee || featureOwned || budgetReached) return null;
  return "no channel and no owner: its tickets reach nobody";
}
