import type { Operation } from "./operations";
import { budgetsBody } from "@/lib/finance/budgets";
import { marginsQuery } from "@/lib/finance/margins";
import { monthBody } from "@/lib/finance/month-close";
import { billingSettingsInput } from "@/lib/finance/billing-settings";
import { reviewQuery } from "@/lib/finance/monthly-review";
import { baselineInput } from "@/lib/finance/feature-baselines";
import { subscribersInput } from "@/lib/finance/review-subscribers";

// The finance operations of issue 21: budgets, month close, the revenue webhook, the monthly review.
export const financeOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/budgets",
    summary:
      "Budgets (project, tenant, feature, end user; USD per day, ISO week or month) with the period's spend so far, the forecast to its end (daily run rate × weekday pattern of the last 4 weeks), used and forecast %, and the day each runs out",
  },
  {
    method: "put",
    path: "/api/v1/budgets",
    summary:
      "Replace the budgets: JSON { budgets: [{ scope, subject, amountUsd, period? }] } or text/csv scope,subject,amount_usd[,period] (period day, week or month; month when absent); all rows or none; ?dryRun=true previews",
    body: budgetsBody,
  },
  {
    method: "get",
    path: "/api/v1/margins/drilldown",
    summary: "The month's AI cost per tenant → feature → model, largest first at each level",
    query: marginsQuery,
  },
  {
    method: "get",
    path: "/api/v1/month-close",
    summary: "The closed months, newest first, with who closed them and the catalog version",
  },
  {
    method: "post",
    path: "/api/v1/month-close",
    summary:
      "Close a month that has ended: its margins and cost per tenant → feature → model are frozen with the price catalog version; GET /api/v1/margins then answers from the snapshot with the live difference",
    body: monthBody,
  },
  {
    method: "delete",
    path: "/api/v1/month-close",
    summary: "Reopen a closed month (?month=YYYY-MM); audited with the snapshot's figures",
    query: monthBody,
  },
  {
    method: "get",
    path: "/api/v1/settings/billing",
    summary:
      "Revenue webhook settings: whether a signing secret is set, the webhook path, customer → tenant, USD rates per month",
  },
  {
    method: "put",
    path: "/api/v1/settings/billing",
    summary:
      "Set the webhook signing secret (omit to keep it), the customer → tenant map and the USD rate of each other currency per month",
    body: billingSettingsInput,
  },
  {
    method: "post",
    path: "/api/v1/revenue/webhook/{projectId}",
    summary:
      "Stripe invoice.paid events (amount_paid, currency, customer), verified by Stripe-Signature (t, v1 = HMAC-SHA256 of t.body, 5 minutes); counted once per event id; non-USD at the month's rate, stored with the event",
  },
  {
    method: "get",
    path: "/api/v1/review",
    summary:
      "The monthly review: margins (the snapshot once closed), top cost movers against the month before, budget misses, and per owner their features' cost and open tickets (owner= narrows); format=csv downloads it",
    query: reviewQuery,
  },
  {
    method: "get",
    path: "/api/v1/review/subscribers",
    summary:
      "Who receives the monthly review by e-mail on the first working day of the month (member ids or e-mail addresses)",
  },
  {
    method: "put",
    path: "/api/v1/review/subscribers",
    summary: "Replace the review's subscribers: { subscribers: [member id or e-mail] }; a non-member id is refused",
    body: subscribersInput,
  },
  {
    method: "get",
    path: "/api/v1/features/{feature}/baseline",
    summary:
      "The feature's baseline (cost per request, error rate, p95 ms, quality; auto over its first 7 days, or set by its owner) and its figures over the 7 days ending 30, 60 and 90 days after it was set (null until then)",
  },
  {
    method: "put",
    path: "/api/v1/features/{feature}/baseline",
    summary:
      "Set the feature's baseline (its owner or an admin): measured over { from, to } and/or given figures (costPerRequestUsd, errorRate, p95Ms, quality); the marks count from now",
    body: baselineInput,
  },
];
