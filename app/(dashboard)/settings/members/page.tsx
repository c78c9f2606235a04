import { MembersSettings } from "@/components/settings/members-settings";
import { pageContext } from "@/lib/auth/page-context";

export default async function MembersPage() {
  const { user } = await pageContext("members.manage");
  return <MembersSettings currentUserId={user.id} />;
}
