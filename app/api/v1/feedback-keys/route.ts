import { withProject } from "@/lib/api/with-project";
import { createFeedbackKey, feedbackKeyInput, listFeedbackKeys } from "@/lib/feedback/feedback-keys";

export const GET = withProject({
  sessionOnly: true,
  handler: async ({ ctx }) => ({ data: await listFeedbackKeys({ ctx }) }),
});

export const POST = withProject({
  sessionOnly: true,
  body: feedbackKeyInput,
  status: 201,
  handler: async ({ ctx, body }) => createFeedbackKey({ ctx, input: body }),
});
