import { withProject } from "@/lib/api/with-project";
import { marginTrend } from "@/lib/finance/margin-trend";
import { marginsQuery } from "@/lib/finance/margins";

/** Twelve months of revenue, AI cost and margin % ending with `month`. */
export const GET = withProject({
  query: marginsQuery,
  handler: async ({ ctx, query }) => ({ data: await marginTrend({ ctx, month: query.month }) }),
});
