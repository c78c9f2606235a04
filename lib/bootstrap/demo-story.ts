import "server-only";
import { evaluateProject } from "@/lib/alerts/evaluate";
import { putOwner } from "@/lib/alerts/owners";
import { createRule, ruleInput } from "@/lib/alerts/rules";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";

// What turns the demo month into the three journeys: every feature has an owner, and the
// order agent's failing tool has opened a ticket for its owner (the demo admin), so "My tickets",
// the Overview's attention list and a trace to replay are there on the first sign-in.

export async function tellDemoStory(ctx: ProjectContext, demoAdminEmail: string): Promise<void> {
  requirePermission(ctx, "alerts.manage");
  const owners: Array<[string, string]> = [
    ["order-agent", demoAdminEmail],
    ["support-chat", "support-lead@demo.example"],
    ["doc-search", "search-team@demo.example"],
    ["summarize", "docs-team@demo.example"],
  ];
  for (const [feature, ownerEmail] of owners) await putOwner({ ctx, input: { feature, ownerEmail } });
  await createRule({
    ctx,
    input: ruleInput.parse({
      name: "Order lookups failing",
      tier: "ticket",
      metric: "error_rate",
      filter: { feature: "order-agent", kind: "tool" },
      groupBy: ["feature"],
      window: "1d",
      comparator: "gt",
      threshold: 0.05,
      channelIds: [],
      minBreaches: 1,
      minRecoveries: 2,
      enabled: true,
    }),
  });
  await evaluateProject(ctx.projectId);
}
