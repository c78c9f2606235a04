import { withProject } from "@/lib/api/with-project";
import { experimentInput } from "@/lib/sets/experiment-input";
import { listExperiments } from "@/lib/experiments/read-experiments";
import { startExperiment } from "@/ingest/experiments/run-experiment";

/** The set's experiments, newest first, with their status and progress. */
export const GET = withProject({
  handler: async ({ ctx, params }) => listExperiments({ ctx, setId: params.id ?? "" }),
});

/** Starts a run of the set against a variant; answers the stored experiment (running) at once. */
export const POST = withProject({
  body: experimentInput,
  status: 202,
  handler: async ({ ctx, params, body }) =>
    (await startExperiment({ ctx, setId: params.id ?? "", input: body })).experiment,
});
