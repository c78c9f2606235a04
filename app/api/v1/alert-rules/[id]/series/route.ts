import { withProject } from "@/lib/api/with-project";
import { metricSeries } from "@/lib/alerts/preview";
import { getRule } from "@/lib/alerts/rules";

/** The rule's metric per group at 12 points over the last 12 windows (at least 1 hour apart): the sparkline. */
export const GET = withProject({
  permission: "project.read",
  handler: async ({ ctx, params }) => {
    const rule = await getRule(ctx, params.id!);
    return metricSeries(rule, { points: 12, stepMs: Math.max(rule.windowMinutes, 60) * 60_000 });
  },
});
