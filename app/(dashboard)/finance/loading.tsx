import { Loading } from "@/components/ui/states";

export default function FinanceLoading() {
  return <Loading what="finance" />;
}
