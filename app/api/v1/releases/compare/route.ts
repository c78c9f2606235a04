import { withProject } from "@/lib/api/with-project";
import { compareReleases, releaseQuery } from "@/lib/releases/compare-releases";

export const GET = withProject({
  query: releaseQuery,
  handler: async ({ ctx, query }) => compareReleases({ ctx, query }),
});
