import { IngestSettingsForm } from "@/components/settings/ingest-settings-form";
import { pageContext } from "@/lib/auth/page-context";
import { getIngestSettings } from "@/lib/ingest-settings/ingest-settings";
import { PageLoading } from "@/components/ui/page-loading";

async function IngestSettingsPageContent() {
  const { ctx, forbidden } = await pageContext("settings.view");
  // The layout shows "Not allowed"; pages render beside it, and the service would refuse.
  if (forbidden) return null;
  return <IngestSettingsForm initial={await getIngestSettings({ ctx })} />;
}

export default function IngestSettingsPage() {
  return (
    <PageLoading>
      <IngestSettingsPageContent />
    </PageLoading>
  );
}
