import { MembersSettings } from "@/components/settings/members-settings";
import { pageContext } from "@/lib/auth/page-context";

export default async function MembersPage() {
  const { user } = await pageContext(); // the layout refuses other roles; the members API checks `members.manage`
  return <MembersSettings currentUserId={user.id} />;
}
