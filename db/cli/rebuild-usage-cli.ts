// `npm run usage:rebuild [projectId...]`: recomputes the hourly usage rollup from stored spans,
// for the given projects or all of them. With the embedded stores, stop the server first.
import { rebuildUsage } from "@/lib/cost/rebuild-usage";
import { log } from "@/lib/log/logger";
import { runForEachProject } from "./each-project";

runForEachProject(async (projectId) => {
  await rebuildUsage(projectId);
  log.info({ projectId }, "usage_hourly rebuilt");
});
