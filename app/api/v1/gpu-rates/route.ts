import { withProject } from "@/lib/api/with-project";
import { createGpuRate, gpuRateInput, listGpuRates } from "@/lib/pricing/price-catalog";
import { DEFAULT_GPU_RATES } from "@/lib/domain/pricing/default-catalog";

export const GET = withProject({
  handler: async ({ ctx }) => ({ data: await listGpuRates({ ctx }), defaults: DEFAULT_GPU_RATES }),
});

export const POST = withProject({
  body: gpuRateInput,
  status: 201,
  handler: async ({ ctx, body }) => createGpuRate({ ctx, input: body }),
});
