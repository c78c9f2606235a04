import { withProject } from "@/lib/api/with-project";
import { evaluateRule } from "@/lib/alerts/evaluate";
import { getRule } from "@/lib/alerts/rules";

/** Evaluates one rule now; answers its state per group. */
export const POST = withProject({
  permission: "alerts.manage",
  handler: async ({ ctx, params }) => ({ data: await evaluateRule(await getRule(ctx, params.id!)) }),
});
