import { Loading } from "@/components/ui/states";

export default function QualityLoading() {
  return <Loading what="quality" />;
}
