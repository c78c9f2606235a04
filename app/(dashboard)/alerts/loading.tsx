import { Loading } from "@/components/ui/states";

export default function AlertsLoading() {
  return <Loading what="alerts" />;
}
