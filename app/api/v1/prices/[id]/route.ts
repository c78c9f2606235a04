import { withProject } from "@/lib/api/with-project";
import { deletePrice, pricePatch, updatePrice } from "@/lib/pricing/price-catalog";

export const PATCH = withProject({
  body: pricePatch,
  handler: async ({ ctx, params, body }) => updatePrice({ ctx, id: params.id!, patch: body }),
});
export const DELETE = withProject({ handler: async ({ ctx, params }) => deletePrice({ ctx, id: params.id! }) });
