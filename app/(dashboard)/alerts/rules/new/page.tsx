import { RuleEditor } from "@/components/alerts/rule-editor";
import { Forbidden } from "@/components/ui/states";
import { listChannels } from "@/lib/alerts/channels";
import { pageContext } from "@/lib/auth/page-context";
import { PageLoading } from "@/components/ui/page-loading";
import { BackLink } from "@/components/ui/page-header";

async function NewRulePageContent() {
  const { ctx, forbidden } = await pageContext("alerts.manage");
  if (forbidden) return <Forbidden what="the rule editor" />;
  const channels = await listChannels({ ctx });
  return (
    <section>
      <BackLink href="/alerts">Alerts</BackLink>
      <h1>New alert rule</h1>
      <RuleEditor
        channels={channels}
        initial={{
          name: "",
          tier: "ticket",
          metric: "error_rate",
          filter: {},
          groupBy: ["feature"],
          window: "1h",
          comparator: "gt",
          threshold: 0.05,
          channelIds: [],
          minBreaches: 2,
          minRecoveries: 2,
          enabled: true,
        }}
      />
    </section>
  );
}

export default function NewRulePage() {
  return (
    <PageLoading>
      <NewRulePageContent />
    </PageLoading>
  );
}
