import { Upcoming } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";

export default async function Page() {
  await pageContext();
  return (
    <Upcoming title="Cost">
      <p>Cost attribution by feature, tenant, model and span kind, priced from the project's catalog, will appear here.</p>
    </Upcoming>
  );
}
