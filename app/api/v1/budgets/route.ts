import { readBodyText, readJsonBody, withProject } from "@/lib/api/with-project";
import { budgetsBody, listBudgets, parseBudgetCsv, putBudgets } from "@/lib/finance/budgets";

/** Every budget with its period's spend so far, forecast to the period's end and the day it runs out. */
export const GET = withProject({ handler: ({ ctx }) => listBudgets({ ctx }) });

/** Replaces the set: JSON `{ budgets }` or `text/csv` scope,subject,amount_usd[,period]; all rows or none. `?dryRun=true` previews. */
export const PUT = withProject({
  handler: async ({ ctx, request }) => {
    const dryRun = new URL(request.url).searchParams.get("dryRun") === "true";
    if (request.headers.get("content-type")?.toLowerCase().startsWith("text/csv"))
      return putBudgets({ ctx, entries: parseBudgetCsv(await readBodyText(request)), rowOffset: 2, dryRun });
    const { budgets } = budgetsBody.parse(await readJsonBody(request));
    return putBudgets({ ctx, entries: budgets, dryRun });
  },
});
