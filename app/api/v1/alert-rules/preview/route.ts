import { withProject } from "@/lib/api/with-project";
import { previewDraftRule } from "@/lib/alerts/rule-runs";
import { ruleInput } from "@/lib/alerts/rules";

/** What a rule (not saved) would have done over the last 7 days. */
export const POST = withProject({
  scope: "read",
  body: ruleInput,
  handler: async ({ ctx, body }) => previewDraftRule({ ctx, input: body }),
});
