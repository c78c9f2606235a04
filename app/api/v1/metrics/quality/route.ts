import { withProject } from "@/lib/api/with-project";
import { qualityMetrics, qualityMetricsQuery } from "@/lib/quality/quality-metrics";

export const GET = withProject({ permission: "project.read", query: qualityMetricsQuery, handler: async ({ ctx, query }) => qualityMetrics({ ctx, query }) });
