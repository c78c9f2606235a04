import { withProject } from "@/lib/api/with-project";
import { revokeFeedbackKey } from "@/lib/feedback/feedback-keys";

export const DELETE = withProject({
  sessionOnly: true,
  handler: async ({ ctx, params }) => revokeFeedbackKey({ ctx, id: params.id! }),
});
