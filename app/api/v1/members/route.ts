import { withProject } from "@/lib/api/with-project";
import { listMembers } from "@/lib/members/list-members";
import { inviteMember, inviteMemberInput } from "@/lib/members/invite-member";

export const GET = withProject({ sessionOnly: true, handler: async ({ ctx }) => listMembers({ ctx }) });

export const POST = withProject({
  sessionOnly: true,
  body: inviteMemberInput,
  status: 201,
  handler: async ({ ctx, body }) => inviteMember({ ctx, input: body }),
});
