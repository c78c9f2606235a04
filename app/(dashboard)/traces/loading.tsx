import { Loading } from "@/components/ui/states";

export default function TracesLoading() {
  return <Loading what="traces" />;
}
