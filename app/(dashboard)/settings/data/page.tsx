import { DataSettings } from "@/components/settings/data-settings";
import { pageContext } from "@/lib/auth/page-context";
import { getRetentionSettings } from "@/lib/retention/retention-settings";

export default async function DataSettingsPage() {
  const { ctx } = await pageContext("settings.view");
  const { appliedAt, ...retention } = await getRetentionSettings({ ctx });
  return <DataSettings projectId={ctx.projectId} projectName={ctx.projectName} initial={{ ...retention, appliedAt: appliedAt ? appliedAt.toISOString() : null }} />;
}
