import { AlertPolicySettings } from "@/components/settings/alert-policy-settings";
import { ChannelsSettings } from "@/components/settings/channels-settings";
import { OwnersSettings } from "@/components/settings/owners-settings";

export default function AlertSettingsPage() {
  return (
    <>
      <OwnersSettings />
      <ChannelsSettings />
      <AlertPolicySettings />
    </>
  );
}
