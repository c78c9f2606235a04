import { withProject } from "@/lib/api/with-project";
import { createPrice, listPrices, priceInput } from "@/lib/pricing/price-catalog";
import { DEFAULT_CATALOG_TAKEN_ON, DEFAULT_MODEL_PRICES } from "@/lib/domain/pricing/default-catalog";

export const GET = withProject({
  handler: async ({ ctx }) => ({
    data: await listPrices({ ctx }),
    defaults: { takenOn: DEFAULT_CATALOG_TAKEN_ON, prices: DEFAULT_MODEL_PRICES },
  }),
});

export const POST = withProject({
  body: priceInput,
  status: 201,
  handler: async ({ ctx, body }) => createPrice({ ctx, input: body }),
});
