import { withProject } from "@/lib/api/with-project";
import { createRule, ruleInput, rulesWithStates } from "@/lib/alerts/rules";

export const GET = withProject({ handler: async ({ ctx }) => ({ data: await rulesWithStates(ctx) }) });
export const POST = withProject({
  body: ruleInput,
  status: 201,
  handler: async ({ ctx, body }) => createRule({ ctx, input: body }),
});
