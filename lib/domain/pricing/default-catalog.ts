import { z } from "zod";
import catalog from "./default-catalog.json";

// The default price catalog is data (default-catalog.json) that a release updates: public list
// prices per million tokens as the providers published them on `takenOn`. Every project starts
// from it and can override any model in Settings or through /api/v1/prices. Checked once at
// load, so a malformed release fails at start, not at the first read.

const catalogFile = z.object({
  takenOn: z.iso.date(),
  prices: z.array(
    z
      .object({
        model: z.string().min(1),
        input: z.number().nonnegative(),
        output: z.number().nonnegative(),
        cachedInput: z.number().nonnegative().optional(),
        minInputTokens: z.number().int().positive().optional(),
      })
      .strict(),
  ),
  gpuRates: z.array(z.object({ gpuType: z.string().min(1), usdPerHour: z.number().positive() }).strict()),
});
const parsed = catalogFile.parse({ takenOn: catalog.takenOn, prices: catalog.prices, gpuRates: catalog.gpuRates });

export type CatalogPrice = z.infer<typeof catalogFile>["prices"][number];

export const DEFAULT_CATALOG_TAKEN_ON = parsed.takenOn;
export const DEFAULT_MODEL_PRICES: CatalogPrice[] = parsed.prices;
/** Typical on-demand cloud rates per GPU-hour when a project sets none. */
export const DEFAULT_GPU_RATES: Array<{ gpuType: string; usdPerHour: number }> = parsed.gpuRates;
