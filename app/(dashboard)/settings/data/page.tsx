import { DataSettings } from "@/components/settings/data-settings";
import { pageContext } from "@/lib/auth/page-context";
import { getRetentionSettings } from "@/lib/retention/retention-settings";
import { PageLoading } from "@/components/ui/page-loading";

async function DataSettingsPageContent() {
  const { ctx, forbidden } = await pageContext("settings.view");
  // The layout shows "Not allowed"; pages render beside it, so this one must not read either.
  if (forbidden) return null;
  const { appliedAt, ...retention } = await getRetentionSettings({ ctx });
  return (
    <DataSettings
      projectId={ctx.projectId}
      projectName={ctx.projectName}
      initial={{ ...retention, appliedAt: appliedAt ? appliedAt.toISOString() : null }}
    />
  );
}

export default function DataSettingsPage() {
  return (
    <PageLoading>
      <DataSettingsPageContent />
    </PageLoading>
  );
}
