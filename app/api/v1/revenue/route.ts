import { readBodyText, readJsonBody, withProject } from "@/lib/api/with-project";
import { parseRevenueCsv, putRevenue, revenueJsonBody } from "@/lib/finance/revenue";

/** JSON `{ entries }` or `text/csv` with header tenant,month,revenue_usd; all rows or none. */
export const PUT = withProject({
  permission: "finance.read",
  handler: async ({ ctx, request }) => {
    if (request.headers.get("content-type")?.toLowerCase().startsWith("text/csv")) {
      const text = await readBodyText(request);
      // Data rows start at line 2 of the file.
      return putRevenue({ ctx, entries: parseRevenueCsv(text), rowOffset: 2 });
    }
    const { entries } = revenueJsonBody.parse(await readJsonBody(request));
    return putRevenue({ ctx, entries });
  },
});
