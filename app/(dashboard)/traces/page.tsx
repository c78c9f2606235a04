import { Upcoming } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";

export default async function Page() {
  await pageContext();
  return (
    <Upcoming title="Traces">
      <p>The trace list will appear here: newest first, filterable by status, tenant, feature and model, each trace opening into a step-by-step replay. Nothing is shown until the trace explorer ships.</p>
    </Upcoming>
  );
}
