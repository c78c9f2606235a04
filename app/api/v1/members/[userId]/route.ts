import { z } from "zod";
import { ROLES } from "@/db/postgres/schema";
import { withProject } from "@/lib/api/with-project";
import { changeRole } from "@/lib/members/change-role";
import { removeMember } from "@/lib/members/remove-member";

export const PATCH = withProject({
  sessionOnly: true,
  body: z.object({ role: z.enum(ROLES) }),
  handler: async ({ ctx, body, params }) => {
    await changeRole({ ctx, input: { userId: params.userId ?? "", role: body.role } });
    return { ok: true };
  },
});

export const DELETE = withProject({
  sessionOnly: true,
  handler: async ({ ctx, params }) => {
    await removeMember({ ctx, userId: params.userId ?? "" });
    return { ok: true };
  },
});
