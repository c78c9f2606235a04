import { withProject } from "@/lib/api/with-project";
import { ingestSettingsFor, ingestSettingsInput, updateIngestSettings } from "@/lib/ingest-settings/ingest-settings";

export const GET = withProject({ permission: "settings.view", handler: async ({ ctx }) => ingestSettingsFor(ctx.projectId) });

export const PUT = withProject({
  permission: "settings.view",
  body: ingestSettingsInput,
  handler: async ({ ctx, body }) => updateIngestSettings({ ctx, input: body }),
});
