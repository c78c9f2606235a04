import { IngestSettingsForm } from "@/components/settings/ingest-settings-form";
import { pageContext } from "@/lib/auth/page-context";
import { ingestSettingsFor } from "@/lib/ingest-settings/ingest-settings";

export default async function IngestSettingsPage() {
  const { ctx } = await pageContext("settings.view");
  return <IngestSettingsForm initial={await ingestSettingsFor(ctx.projectId)} />;
}
