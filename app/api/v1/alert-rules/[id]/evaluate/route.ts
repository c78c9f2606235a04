import { withProject } from "@/lib/api/with-project";
import { evaluateRuleNow } from "@/lib/alerts/rule-runs";

/** Evaluates one rule now; answers its state per group. */
export const POST = withProject({
  handler: async ({ ctx, params }) => ({ data: await evaluateRuleNow({ ctx, id: params.id! }) }),
});
