import { withProject } from "@/lib/api/with-project";
import { compareExperiment, compareQuery } from "@/lib/experiments/compare-experiment";

/** The experiment against the recorded answers or another experiment of the same set. */
export const GET = withProject({
  query: compareQuery,
  handler: async ({ ctx, params, query }) => compareExperiment({ ctx, id: params.id ?? "", query }),
});
