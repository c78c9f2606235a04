import { withProject } from "@/lib/api/with-project";
import { deleteUserData, userIdParam } from "@/lib/privacy/delete-user-data";

// A privacy request for one end user of the project (admin, `write` scope).
export const DELETE = withProject({
  handler: async ({ ctx, params }) => deleteUserData({ ctx, userId: userIdParam.parse(params.userId ?? "") }),
});
