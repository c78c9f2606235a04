import { withProject } from "@/lib/api/with-project";
import { listLogs, listLogsQuery } from "@/lib/logs/list-logs";

export const GET = withProject({
  query: listLogsQuery,
  handler: async ({ ctx, query }) => listLogs({ ctx, query }),
});
