import { withProject } from "@/lib/api/with-project";
import { costMetrics, costQuery } from "@/lib/cost/cost-metrics";

export const GET = withProject({ query: costQuery, handler: async ({ ctx, query }) => costMetrics({ ctx, query }) });
