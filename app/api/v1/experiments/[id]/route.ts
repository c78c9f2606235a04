import { withProject } from "@/lib/api/with-project";
import { getExperiment } from "@/lib/experiments/read-experiments";

/** An experiment: status, progress, aggregate and its items (differing first). */
export const GET = withProject({
  handler: async ({ ctx, params }) => getExperiment({ ctx, id: params.id ?? "" }),
});
