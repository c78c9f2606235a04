import { withProject } from "@/lib/api/with-project";
import { deleteRule, getRule, publicRule, rulePatch, updateRule } from "@/lib/alerts/rules";

export const GET = withProject({ handler: async ({ ctx, params }) => publicRule(await getRule(ctx, params.id!)) });
export const PATCH = withProject({
  body: rulePatch,
  handler: async ({ ctx, params, body }) => updateRule({ ctx, id: params.id!, patch: body }),
});
export const DELETE = withProject({ handler: async ({ ctx, params }) => deleteRule({ ctx, id: params.id! }) });
