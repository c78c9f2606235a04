import { Loading } from "@/components/ui/states";

export default function ServingLoading() {
  return <Loading what="serving" />;
}
