import { withProject } from "@/lib/api/with-project";
import { getIngestSettings, ingestSettingsInput, updateIngestSettings } from "@/lib/ingest-settings/ingest-settings";

export const GET = withProject({ handler: async ({ ctx }) => getIngestSettings({ ctx }) });

export const PUT = withProject({
  body: ingestSettingsInput,
  handler: async ({ ctx, body }) => updateIngestSettings({ ctx, input: body }),
});
