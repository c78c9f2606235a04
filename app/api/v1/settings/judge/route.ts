import { withProject } from "@/lib/api/with-project";
import { getJudgeSettings, judgeSettingsInput, putJudgeSettings } from "@/lib/judge/judge-settings";

export const GET = withProject({ handler: async ({ ctx }) => getJudgeSettings({ ctx }) });

export const PUT = withProject({
  body: judgeSettingsInput,
  handler: async ({ ctx, body }) => putJudgeSettings({ ctx, input: body }),
});
