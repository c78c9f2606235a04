import { MAX_JSON_BODY_BYTES, readJsonBody, withProject } from "@/lib/api/with-project";
import { ServiceError } from "@/lib/api/errors";
import { parseRevenueCsv, putRevenue, revenueJsonBody } from "@/lib/finance/revenue";

/** JSON `{ entries }` or `text/csv` with header tenant,month,revenue_usd; all rows or none. */
export const PUT = withProject({
  permission: "finance.read",
  handler: async ({ ctx, request }) => {
    if (request.headers.get("content-type")?.toLowerCase().startsWith("text/csv")) {
      const text = await request.text();
      if (text.length > MAX_JSON_BODY_BYTES) throw new ServiceError("payload_too_large", "CSV is larger than 1 MiB");
      // Data rows start at line 2 of the file.
      return putRevenue({ ctx, entries: parseRevenueCsv(text), rowOffset: 2 });
    }
    const { entries } = revenueJsonBody.parse(await readJsonBody(request));
    return putRevenue({ ctx, entries });
  },
});
