import { decodePathParam } from "@/lib/api/path-param";
import { withProject } from "@/lib/api/with-project";
import { endUsersQuery } from "@/lib/users/end-user-query";
import { getEndUser } from "@/lib/users/get-end-user";

export const GET = withProject({
  query: endUsersQuery.omit({ limit: true }),
  handler: async ({ ctx, params, query }) => getEndUser({ ctx, userId: decodePathParam(params.userId ?? ""), query }),
});
