import { z } from "zod";
import { experimentChecks } from "@/lib/domain/stats/experiment";
import { rerunParameters } from "@/lib/replay/rerun-input";

// The body of an experiment run: which version of the set, the variant, the checks, the bounds.
export const experimentInput = z.object({
  version: z.number().int().min(0).optional(),
  variant: z.object({
    model: z.string().trim().min(1).max(200),
    systemPrompt: z.string().max(100_000).optional(),
    parameters: rerunParameters.default({}),
  }),
  checks: experimentChecks.default({ exact: false, contains: [], judge: false }),
  concurrency: z.number().int().min(1).max(8).default(4),
  costCapUsd: z.number().positive().max(10_000),
});
