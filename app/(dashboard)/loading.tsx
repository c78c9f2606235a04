import { Loading } from "@/components/ui/states";

export default function OverviewLoading() {
  return <Loading what="overview" />;
}
