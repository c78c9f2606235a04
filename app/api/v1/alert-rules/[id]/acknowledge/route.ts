import { withProject } from "@/lib/api/with-project";
import { acknowledgePage, pageAckInput } from "@/lib/alerts/page-ack";

/** Acknowledges a firing group of a rule: it stops escalating. */
export const POST = withProject({
  body: pageAckInput,
  handler: async ({ ctx, params, body }) => acknowledgePage({ ctx, id: params.id!, input: body }),
});
