import "server-only";
import { randomUUID } from "node:crypto";
import { asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { APPLY_TO } from "@/db/postgres/schema";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { DEFAULT_CATALOG_TAKEN_ON } from "@/lib/domain/pricing/default-catalog";
import { TIER_FLOOR_TOKENS, type PriceRow, type RateRow } from "@/lib/domain/pricing/resolve";

const usdAmount = z.number().finite().min(0, "must not be negative").max(1_000_000);
const currency = z.literal("USD", { error: "only USD is supported" }).optional();
const effectiveFrom = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .optional();

export const priceInput = z.object({
  model: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[\w.:/@*-]+$/, "model names are letters, digits, . : / @ - _ and * for patterns"),
  inputPerMTok: usdAmount,
  outputPerMTok: usdAmount,
  cachedInputPerMTok: usdAmount.optional(),
  minInputTokens: z
    .number()
    .int()
    .refine(
      (n) => n === 0 || n >= TIER_FLOOR_TOKENS,
      `long-context tiers start at ${TIER_FLOOR_TOKENS} input tokens or more (0 for the base price)`,
    )
    .optional(),
  effectiveFrom,
  applyTo: z.enum(APPLY_TO).default("from-effective-date"),
  currency,
});

export const gpuRateInput = z.object({
  gpuType: z.string().trim().min(1).max(100),
  usdPerHour: usdAmount,
  effectiveFrom,
  applyTo: z.enum(APPLY_TO).default("from-effective-date"),
  currency,
});

export async function createPrice({ ctx, input }: { ctx: ProjectContext; input: z.infer<typeof priceInput> }) {
  requirePermission(ctx, "pricing.manage");
  const row = {
    id: randomUUID(),
    projectId: ctx.projectId,
    model: input.model,
    inputPerMTok: input.inputPerMTok,
    outputPerMTok: input.outputPerMTok,
    cachedInputPerMTok: input.cachedInputPerMTok ?? null,
    minInputTokens: input.minInputTokens ?? 0,
    effectiveFrom: input.effectiveFrom ?? new Date(),
    applyTo: input.applyTo,
  };
  return audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "price.create", target: input.model, details: { ...input } },
    async (tx) => {
      const [created] = await tx.insert(schema.modelPrices).values(row).returning();
      return created!;
    },
  );
}

export async function createGpuRate({ ctx, input }: { ctx: ProjectContext; input: z.infer<typeof gpuRateInput> }) {
  requirePermission(ctx, "pricing.manage");
  const row = {
    id: randomUUID(),
    projectId: ctx.projectId,
    gpuType: input.gpuType,
    usdPerHour: input.usdPerHour,
    effectiveFrom: input.effectiveFrom ?? new Date(),
    applyTo: input.applyTo,
  };
  return audited(
    {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "gpu_rate.create",
      target: input.gpuType,
      details: { ...input },
    },
    async (tx) => {
      const [created] = await tx.insert(schema.gpuRates).values(row).returning();
      return created!;
    },
  );
}

export async function listPrices({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "project.read");
  return (await db())
    .select()
    .from(schema.modelPrices)
    .where(eq(schema.modelPrices.projectId, ctx.projectId))
    .orderBy(asc(schema.modelPrices.model), desc(schema.modelPrices.createdAt));
}

export async function listGpuRates({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "project.read");
  return (await db())
    .select()
    .from(schema.gpuRates)
    .where(eq(schema.gpuRates.projectId, ctx.projectId))
    .orderBy(asc(schema.gpuRates.gpuType), desc(schema.gpuRates.createdAt));
}

/** The project's price and rate rows, and which catalog version the numbers come from. */
export async function loadPricing(
  projectId: string,
): Promise<{ prices: PriceRow[]; rates: RateRow[]; catalogVersion: string }> {
  const database = await db();
  const prices = await database.select().from(schema.modelPrices).where(eq(schema.modelPrices.projectId, projectId));
  const rates = await database.select().from(schema.gpuRates).where(eq(schema.gpuRates.projectId, projectId));
  const last = Math.max(0, ...prices.map((p) => p.createdAt.getTime()), ...rates.map((r) => r.createdAt.getTime()));
  const catalogVersion = `defaults of ${DEFAULT_CATALOG_TAKEN_ON}${last ? `, project changes up to ${new Date(last).toISOString()}` : ""}`;
  return { prices, rates, catalogVersion };
}
