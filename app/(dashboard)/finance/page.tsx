import { Forbidden, Upcoming } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";

export default async function FinancePage() {
  const { forbidden } = await pageContext("finance.read");
  if (forbidden) return <Forbidden what="Finance" />;
  return (
    <Upcoming title="Finance">
      <p>Monthly margins per tenant (revenue against LLM and GPU cost) will appear here.</p>
    </Upcoming>
  );
}
