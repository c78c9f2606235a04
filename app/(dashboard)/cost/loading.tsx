import { Loading } from "@/components/ui/states";

export default function CostLoading() {
  return <Loading what="cost" />;
}
