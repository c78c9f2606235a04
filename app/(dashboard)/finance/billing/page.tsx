import { PageLoading } from "@/components/ui/page-loading";
import { BillingSettingsForm } from "@/components/finance/billing-settings-form";
import { Forbidden } from "@/components/ui/states";
import { BackLink, PageHeader } from "@/components/ui/page-header";
import { pageContext } from "@/lib/auth/page-context";
import { getBillingSettings } from "@/lib/finance/billing-settings";

/** Revenue by integration: the webhook's secret, customer → tenant mapping and currency rates. */
async function BillingPageContent() {
  const { ctx, forbidden } = await pageContext("finance.write");
  if (forbidden) return <Forbidden what="Billing settings" />;
  const settings = await getBillingSettings({ ctx });
  return (
    <section>
      <BackLink href="/finance">Back to Finance</BackLink>
      <PageHeader title="Billing settings" />
      <BillingSettingsForm settings={settings} />
    </section>
  );
}

export default function BillingPage() {
  return (
    <PageLoading>
      <BillingPageContent />
    </PageLoading>
  );
}
