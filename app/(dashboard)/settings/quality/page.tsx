import { FeedbackKeysSettings } from "@/components/settings/feedback-keys-settings";
import { JudgeSettingsForm } from "@/components/settings/judge-settings-form";
import { pageContext } from "@/lib/auth/page-context";
import { getJudgeSettings } from "@/lib/judge/judge-settings";

export default async function QualitySettingsPage() {
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
