import { withProject } from "@/lib/api/with-project";
import { runJudge } from "@/ingest/judge/run-judge";

/** Runs the judge once now, even when it is disabled: to try a configuration. */
export const POST = withProject({ permission: "settings.view", handler: async ({ ctx }) => runJudge(ctx.projectId, { force: true }) });
