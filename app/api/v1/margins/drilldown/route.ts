import { withProject } from "@/lib/api/with-project";
import { costDrilldown } from "@/lib/finance/cost-drilldown";
import { marginsQuery } from "@/lib/finance/margins";

/** The month's cost per tenant → feature → model. */
export const GET = withProject({
  query: marginsQuery,
  handler: ({ ctx, query }) => costDrilldown({ ctx, month: query.month }),
});
