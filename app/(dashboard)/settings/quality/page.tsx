import { FeedbackKeysSettings } from "@/components/settings/feedback-keys-settings";
import { JudgeSettingsForm } from "@/components/settings/judge-settings-form";
import { pageContext } from "@/lib/auth/page-context";
import { getJudgeSettings } from "@/lib/judge/judge-settings";
import { PageLoading } from "@/components/ui/page-loading";

async function QualitySettingsPageContent() {
  const { ctx, forbidden } = await pageContext("settings.view");
  // The layout shows "Not allowed"; pages render beside it, and the service would refuse.
  if (forbidden) return null;
  const judge = await getJudgeSettings({ ctx });
  return (
    <>
      <FeedbackKeysSettings />
      <JudgeSettingsForm
        initial={{ ...judge, lastRunAt: judge.lastRunAt ? new Date(judge.lastRunAt).toISOString() : null }}
      />
    </>
  );
}

export default function QualitySettingsPage() {
  return (
    <PageLoading>
      <QualitySettingsPageContent />
    </PageLoading>
  );
}
