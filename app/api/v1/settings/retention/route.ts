import { withProject } from "@/lib/api/with-project";
import { getRetentionSettings, retentionSettingsInput } from "@/lib/retention/retention-settings";
import { updateRetention } from "@/lib/retention/update-retention";

export const GET = withProject({ handler: async ({ ctx }) => getRetentionSettings({ ctx }) });

export const PUT = withProject({
  body: retentionSettingsInput,
  handler: async ({ ctx, body }) => updateRetention({ ctx, input: body }),
});
