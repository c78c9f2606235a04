import { withProject } from "@/lib/api/with-project";
import { endUsersQuery } from "@/lib/users/end-user-query";
import { listEndUsers } from "@/lib/users/list-end-users";

export const GET = withProject({
  query: endUsersQuery,
  handler: async ({ ctx, query }) => listEndUsers({ ctx, query }),
});
