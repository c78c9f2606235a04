import { withProject } from "@/lib/api/with-project";
import { previewRule } from "@/lib/alerts/preview";
import { draftRule, ruleInput } from "@/lib/alerts/rules";

/** What a rule (not saved) would have done over the last 7 days. */
export const POST = withProject({ permission: "project.read", scope: "read", body: ruleInput, handler: async ({ ctx, body }) => previewRule(await draftRule(ctx, body)) });
