import { withProject } from "@/lib/api/with-project";
import { qualityMetrics, qualityMetricsQuery } from "@/lib/quality/quality-metrics";

export const GET = withProject({
  query: qualityMetricsQuery,
  handler: async ({ ctx, query }) => qualityMetrics({ ctx, query }),
});
