import { Upcoming } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";

export default async function Page() {
  await pageContext();
  return (
    <Upcoming title="Alerts">
      <p>Tiered alert rules (page, ticket, dashboard), their state per group, and tickets assigned to feature owners will appear here.</p>
    </Upcoming>
  );
}
