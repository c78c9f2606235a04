import { handleRevenueWebhook } from "@/lib/finance/revenue-webhook";

/** Stripe `invoice.paid` events, verified by `Stripe-Signature` against the project's secret; once per event id. */
export const POST = handleRevenueWebhook;
