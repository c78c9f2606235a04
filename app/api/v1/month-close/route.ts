import { withProject } from "@/lib/api/with-project";
import { closeMonth, listClosedMonths, monthBody, reopenMonth } from "@/lib/finance/month-close";

/** The closed months, newest first. */
export const GET = withProject({ handler: ({ ctx }) => listClosedMonths({ ctx }) });

/** Closes `{ month }`: its margins and costs per tenant, feature and model are frozen with the catalog version. */
export const POST = withProject({
  body: monthBody,
  status: 201,
  handler: ({ ctx, body }) => closeMonth({ ctx, month: body.month }),
});

/** Reopens `?month=` (finance or admin; audited). */
export const DELETE = withProject({
  query: monthBody,
  handler: ({ ctx, query }) => reopenMonth({ ctx, month: query.month }),
});
