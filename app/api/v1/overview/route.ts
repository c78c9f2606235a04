import { withProject } from "@/lib/api/with-project";
import { overview, overviewParams } from "@/lib/overview/overview";

/** The home page's figures for a period (1h, 24h, 7d, 30d) with the previous period's totals. */
export const GET = withProject({
  query: overviewParams,
  handler: async ({ ctx, query }) => overview({ ctx, period: query.period }),
});
