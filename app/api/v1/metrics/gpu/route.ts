import { withProject } from "@/lib/api/with-project";
import { metricsQuery } from "@/lib/metrics/metrics-query";
import { readGpuMetrics } from "@/lib/metrics/read-gpu-metrics";

export const GET = withProject({
  query: metricsQuery,
  handler: async ({ ctx, query }) => readGpuMetrics({ ctx, query }),
});
