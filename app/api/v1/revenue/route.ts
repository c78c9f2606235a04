import { readBodyText, readJsonBody, withProject } from "@/lib/api/with-project";
import { parseRevenueCsv, putRevenue, revenueJsonBody } from "@/lib/finance/revenue";

/** JSON `{ entries }` or `text/csv` with header tenant,month,revenue_usd; all rows or none. `?dryRun=true` previews. */
export const PUT = withProject({
  handler: async ({ ctx, request }) => {
    const dryRun = new URL(request.url).searchParams.get("dryRun") === "true";
    if (request.headers.get("content-type")?.toLowerCase().startsWith("text/csv")) {
      const text = await readBodyText(request);
      // Data rows start at line 2 of the file.
      return putRevenue({ ctx, entries: parseRevenueCsv(text), rowOffset: 2, dryRun });
    }
    const { entries } = revenueJsonBody.parse(await readJsonBody(request));
    return putRevenue({ ctx, entries, dryRun });
  },
});
