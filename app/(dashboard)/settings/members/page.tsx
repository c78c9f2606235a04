import { MembersSettings } from "@/components/settings/members-settings";
import { pageContext } from "@/lib/auth/page-context";
import { PageLoading } from "@/components/ui/page-loading";

async function MembersPageContent() {
  const { user } = await pageContext(); // the layout refuses other roles; the members API checks `members.manage`
  return <MembersSettings currentUserId={user.id} />;
}

export default function MembersPage() {
  return (
    <PageLoading>
      <MembersPageContent />
    </PageLoading>
  );
}
