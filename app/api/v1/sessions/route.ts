import { withProject } from "@/lib/api/with-project";
import { listSessions, listSessionsQuery } from "@/lib/sessions/list-sessions";

export const GET = withProject({
  query: listSessionsQuery,
  handler: async ({ ctx, query }) => listSessions({ ctx, query }),
});
