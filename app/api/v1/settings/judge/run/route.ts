import { withProject } from "@/lib/api/with-project";
import { runJudgeNow } from "@/ingest/judge/run-judge-now";

/** Runs the judge once now, even when it is disabled: to try a configuration. */
export const POST = withProject({ handler: async ({ ctx }) => runJudgeNow({ ctx }) });
