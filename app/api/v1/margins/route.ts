import { z } from "zod";
import { csvResponse } from "@/lib/api/csv";
import { withProject } from "@/lib/api/with-project";
import { marginsCsvRows, MARGINS_CSV_COLUMNS, marginsQuery } from "@/lib/finance/margins";
import { monthMargins } from "@/lib/finance/month-close";

const query = marginsQuery.extend({ format: z.enum(["json", "csv"]).default("json") });

/** One month's margins per tenant (a closed month's from its snapshot); `format=csv` downloads them. */
export const GET = withProject({
  query,
  handler: async ({ ctx, query }) => {
    const result = await monthMargins({ ctx, month: query.month });
    return query.format === "json"
      ? result
      : csvResponse(marginsCsvRows(result.data), `margins-${query.month}.csv`, MARGINS_CSV_COLUMNS);
  },
});
