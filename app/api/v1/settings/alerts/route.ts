import { withProject } from "@/lib/api/with-project";
import { alertSettingsInput, getAlertSettings, putAlertSettings } from "@/lib/alerts/alert-settings";

export const GET = withProject({ handler: async ({ ctx }) => getAlertSettings({ ctx }) });
export const PUT = withProject({
  body: alertSettingsInput,
  handler: async ({ ctx, body }) => putAlertSettings({ ctx, input: body }),
});
