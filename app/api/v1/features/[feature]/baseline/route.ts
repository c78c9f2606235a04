import { decodePathParam } from "@/lib/api/path-param";
import { withProject } from "@/lib/api/with-project";
import { baselineInput, getFeatureBaseline, putFeatureBaseline } from "@/lib/finance/feature-baselines";

/** The feature's baseline (auto after its first 7 days, or set by its owner) with its 30/60/90-day marks. */
export const GET = withProject({
  handler: ({ ctx, params }) => getFeatureBaseline({ ctx, feature: decodePathParam(params.feature ?? "") }),
});

/** Sets the baseline (owner of the feature or admin): measured over { from, to } and/or given figures. */
export const PUT = withProject({
  body: baselineInput,
  handler: ({ ctx, params, body }) =>
    putFeatureBaseline({ ctx, feature: decodePathParam(params.feature ?? ""), input: body }),
});
