import type { Operation } from "./operations";
import { budgetsBody } from "@/lib/finance/budgets";
import { marginsQuery } from "@/lib/finance/margins";

// The finance operations of issue 21: budgets, month close, the revenue webhook, the monthly review.
export const financeOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/budgets",
    summary:
      "Monthly budgets (project, tenant, feature; USD) with month-to-date spend, the forecast to the month's end (daily run rate × weekday pattern of the last 4 weeks), used and forecast %, and the day each runs out",
  },
  {
    method: "put",
    path: "/api/v1/budgets",
    summary:
      "Replace the budgets: JSON { budgets: [{ scope, subject, amountUsd }] } or text/csv scope,subject,amount_usd; all rows or none; ?dryRun=true previews",
    body: budgetsBody,
  },
  {
    method: "get",
    path: "/api/v1/margins/drilldown",
    summary: "The month's AI cost per tenant → feature → model, largest first at each level",
    query: marginsQuery,
  },
];
