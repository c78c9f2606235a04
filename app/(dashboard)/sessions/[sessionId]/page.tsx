import { SessionReplay } from "@/components/sessions/session-replay";
import { AddToSet } from "@/components/sets/add-to-set";
import { can } from "@/lib/auth/permissions";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { BackLink } from "@/components/ui/page-header";
import { StoreDown } from "@/components/ui/states";
import { decodePathParam } from "@/lib/api/path-param";
import { pageContext } from "@/lib/auth/page-context";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { getSession } from "@/lib/sessions/get-session";

type Props = { params: Promise<{ sessionId: string }> };

async function SessionPageContent({ params }: Props) {
  const { ctx } = await pageContext("project.read");
  const canAddToSet = can(ctx.role, "experiments.run");
  const sessionId = decodePathParam((await params).sessionId);
  const session = await getSession({ ctx, sessionId }).catch(storeDownAs(null, "session", { notFound: true }));
  // A failed conversation is read against the same feature's last one without a failed turn.
  const baseline =
    session?.status === "error" && session.baselineSessionId
      ? await getSession({ ctx, sessionId: session.baselineSessionId }).catch(storeDownAs(null, "session.baseline"))
      : null;
  return (
    <>
      <BackLink href="/sessions">Sessions</BackLink>
      {session && canAddToSet && (
        <div className="mb-4">
          <AddToSet sessionId={sessionId} />
        </div>
      )}
      {session ? <SessionReplay session={session} baseline={baseline} /> : <StoreDown />}
    </>
  );
}

export default async function SessionPage(props: Props) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <SessionPageContent {...props} />
    </PageLoading>
  );
}
