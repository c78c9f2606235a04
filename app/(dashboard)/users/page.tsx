import { EndUserTable } from "@/components/users/end-user-table";
import { PeriodForm } from "@/components/users/period-form";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading, urlKey } from "@/components/ui/page-loading";
import { StoreDown } from "@/components/ui/states";
import { pageContext } from "@/lib/auth/page-context";
import { storeDownAs } from "@/lib/api/page-fallbacks";
import { listEndUsers } from "@/lib/users/list-end-users";
import { parseEndUserParams } from "@/lib/users/search-params";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function EndUsersPageContent({ searchParams }: { searchParams: SearchParams }) {
  const { ctx } = await pageContext("project.read");
  const { range, tenant, from, to } = parseEndUserParams(await searchParams);
  const users = await listEndUsers({ ctx, query: { from, to, tenant, limit: 100 } }).catch(storeDownAs(null, "users"));
  return (
    <section>
      <PageHeader title="End users" />
      <p className="text-muted-foreground">
        The end users of your product (user.id, enduser.id and each SDK&apos;s own key), by cost.
      </p>
      <PeriodForm range={range} tenant={tenant} />
      {users ? <EndUserTable users={users.data} /> : <StoreDown />}
    </section>
  );
}

export default async function EndUsersPage(props: { searchParams: SearchParams }) {
  return (
    <PageLoading urlKey={await urlKey(props)}>
      <EndUsersPageContent {...props} />
    </PageLoading>
  );
}
