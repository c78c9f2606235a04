import { withProject } from "@/lib/api/with-project";
import { experimentInput } from "@/lib/sets/experiment-input";
import { runExperiment } from "@/ingest/experiments/run-experiment";

/** Runs the set against a variant through the project's endpoint and answers the results table. */
export const POST = withProject({
  body: experimentInput,
  handler: async ({ ctx, params, body }) => runExperiment({ ctx, setId: params.id ?? "", input: body }),
});
