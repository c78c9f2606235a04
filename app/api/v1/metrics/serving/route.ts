import { withProject } from "@/lib/api/with-project";
import { metricsQuery } from "@/lib/metrics/metrics-query";
import { readServingMetrics } from "@/lib/metrics/read-serving-metrics";

export const GET = withProject({
  query: metricsQuery,
  handler: async ({ ctx, query }) => readServingMetrics({ ctx, query }),
});
