import { withProject } from "@/lib/api/with-project";
import { listReviewSubscribers, putReviewSubscribers, subscribersInput } from "@/lib/finance/review-subscribers";

/** Who receives the monthly review by e-mail (member ids or e-mail addresses). */
export const GET = withProject({ handler: ({ ctx }) => listReviewSubscribers({ ctx }) });

export const PUT = withProject({
  body: subscribersInput,
  handler: ({ ctx, body }) => putReviewSubscribers({ ctx, input: body }),
});
