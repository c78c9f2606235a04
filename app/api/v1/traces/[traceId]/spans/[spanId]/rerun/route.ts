import { withProject } from "@/lib/api/with-project";
import { prepareRerun } from "@/lib/replay/recorded-step";
import { rerunInput } from "@/lib/replay/rerun-input";
import { rerunStep } from "@/ingest/replay/rerun-step";

/** The recorded step as the re-run editor opens it. */
export const GET = withProject({
  handler: async ({ ctx, params }) => prepareRerun({ ctx, traceId: params.traceId ?? "", spanId: params.spanId ?? "" }),
});

/** Runs the edited step against the project's endpoint; the re-run is a trace of its own. */
export const POST = withProject({
  body: rerunInput,
  handler: async ({ ctx, params, body }) =>
    rerunStep({ ctx, traceId: params.traceId ?? "", spanId: params.spanId ?? "", input: body }),
});
