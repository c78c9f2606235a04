import { withProject } from "@/lib/api/with-project";
import { getTrace } from "@/lib/traces/get-trace";

export const GET = withProject({
  handler: async ({ ctx, params }) => getTrace({ ctx, traceId: params.traceId ?? "" }),
});
