import { withProject } from "@/lib/api/with-project";
import { listTraces, listTracesQuery } from "@/lib/traces/list-traces";

export const GET = withProject({
  query: listTracesQuery,
  handler: async ({ ctx, query }) => listTraces({ ctx, query }),
});
