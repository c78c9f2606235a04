import { withProject } from "@/lib/api/with-project";
import { billingSettingsInput, getBillingSettings, putBillingSettings } from "@/lib/finance/billing-settings";

/** The revenue webhook: whether a secret is set, its path, customer → tenant, USD rates per month. */
export const GET = withProject({ handler: ({ ctx }) => getBillingSettings({ ctx }) });

export const PUT = withProject({
  body: billingSettingsInput,
  handler: ({ ctx, body }) => putBillingSettings({ ctx, input: body }),
});
