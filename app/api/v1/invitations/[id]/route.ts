import { withProject } from "@/lib/api/with-project";
import { revokeInvitation } from "@/lib/members/remove-member";

export const DELETE = withProject({
  sessionOnly: true,
  handler: async ({ ctx, params }) => {
    await revokeInvitation({ ctx, invitationId: params.id ?? "" });
    return { ok: true };
  },
});
