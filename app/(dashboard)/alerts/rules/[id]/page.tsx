import { RuleEditor } from "@/components/alerts/rule-editor";
import { Forbidden } from "@/components/ui/states";
import { listChannels } from "@/lib/alerts/channels";
import { getRule, publicRule } from "@/lib/alerts/rules";
import { pageContext } from "@/lib/auth/page-context";
import { notFoundAs } from "@/lib/api/page-fallbacks";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { BackLink } from "@/components/ui/page-header";

async function EditRulePageContent({ params }: { params: Promise<{ id: string }> }) {
  const { ctx, forbidden } = await pageContext("alerts.manage");
  if (forbidden) return <Forbidden what="the rule editor" />;
  const { id } = await params;
  const rule = await getRule(ctx, id).catch(notFoundAs("alert rule"));
  return (
    <section>
      <BackLink href="/alerts">Alerts</BackLink>
      <h1>{rule.name}</h1>
      <RuleEditor channels={await listChannels({ ctx })} initial={publicRule(rule)} />
    </section>
  );
}

export default async function EditRulePage(props: Parameters<typeof EditRulePageContent>[0]) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <EditRulePageContent {...props} />
    </PageLoading>
  );
}
