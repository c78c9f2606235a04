import { IngestSettingsForm } from "@/components/settings/ingest-settings-form";
import { pageContext } from "@/lib/auth/page-context";
import { getIngestSettings } from "@/lib/ingest-settings/ingest-settings";

export default async function IngestSettingsPage() {
  const { ctx, forbidden } = await pageContext("settings.view");
  // The layout shows "Not allowed"; pages render beside it, and the service would refuse.
  if (forbidden) return null;
  return <IngestSettingsForm initial={await getIngestSettings({ ctx })} />;
}
