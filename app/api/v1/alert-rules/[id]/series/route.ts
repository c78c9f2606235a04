import { withProject } from "@/lib/api/with-project";
import { ruleSeries } from "@/lib/alerts/rule-runs";

/** The rule's metric per group at 12 points over the last 12 windows (at least 1 hour apart): the sparkline. */
export const GET = withProject({ handler: async ({ ctx, params }) => ruleSeries({ ctx, id: params.id! }) });
