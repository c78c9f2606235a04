import { Loading } from "@/components/ui/states";

export default function SettingsLoading() {
  return <Loading what="settings" />;
}
