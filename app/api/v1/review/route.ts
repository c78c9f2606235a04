import { z } from "zod";
import { csvResponse } from "@/lib/api/csv";
import { withProject } from "@/lib/api/with-project";
import { monthlyReview, REVIEW_CSV_COLUMNS, reviewCsvRows, reviewQuery } from "@/lib/finance/monthly-review";

const query = reviewQuery.extend({ format: z.enum(["json", "csv"]).default("json") });

/** The month's review (finance; `owner=` narrows the owners' part); `format=csv` downloads it. */
export const GET = withProject({
  query,
  handler: async ({ ctx, query }) => {
    const review = await monthlyReview({ ctx, month: query.month, owner: query.owner });
    return query.format === "json"
      ? review
      : csvResponse(reviewCsvRows(review), `review-${query.month}.csv`, REVIEW_CSV_COLUMNS);
  },
});
