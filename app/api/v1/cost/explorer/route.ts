import { z } from "zod";
import { csvResponse } from "@/lib/api/csv";
import { withProject } from "@/lib/api/with-project";
import { breakdownCsvRows, costExplorer, explorerParams } from "@/lib/cost/cost-explorer";

const query = explorerParams.extend({ format: z.enum(["json", "csv"]).default("json") });

/** The /cost explorer's data; `format=csv` downloads its breakdown table. */
export const GET = withProject({
  query,
  handler: async ({ ctx, query }) => {
    const result = await costExplorer({ ctx, params: query });
    if (query.format === "json") return result;
    return csvResponse(
      breakdownCsvRows(result),
      `cost-by-${result.by}-${result.from.slice(0, 10)}-${result.to.slice(0, 10)}.csv`,
    );
  },
});
