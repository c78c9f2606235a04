import { withProject } from "@/lib/api/with-project";
import { getSet, setVersionQuery } from "@/lib/sets/regression-sets";

/** A set with the items of one version (`?version=`, the latest by default). */
export const GET = withProject({
  query: setVersionQuery,
  handler: async ({ ctx, params, query }) => getSet({ ctx, id: params.id ?? "", version: query.version }),
});
