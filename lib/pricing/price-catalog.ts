import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { APPLY_TO } from "@/db/postgres/schema";
import { ServiceError } from "@/lib/api/errors";
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
/** When a price stops: from the first UTC midnight at or after it. null (in a change): no end. */
const effectiveTo = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .nullable()
  .optional();
const startsBeforeEnd = (p: { effectiveFrom?: Date; effectiveTo?: Date | null }) =>
  !p.effectiveTo || !p.effectiveFrom || p.effectiveFrom < p.effectiveTo;
const END_AFTER_START = { message: "must be after effectiveFrom", path: ["effectiveTo"] };

const priceFields = z.object({
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
  effectiveTo,
  applyTo: z.enum(APPLY_TO).default("from-effective-date"),
  currency,
});
// A row that re-prices history starts at the beginning of time, whatever its effectiveFrom says.
export const priceInput = priceFields.refine((p) => p.applyTo === "history" || startsBeforeEnd(p), END_AFTER_START);

/** A change to a project price in place: its rates, its dates, or only its end (ending it). */
export const pricePatch = priceFields
  .pick({ inputPerMTok: true, outputPerMTok: true, cachedInputPerMTok: true, effectiveFrom: true, effectiveTo: true })
  .partial()
  .strict()
  .refine(startsBeforeEnd, END_AFTER_START)
  .refine((p) => Object.keys(p).length > 0, { message: "name at least one field to change" });

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
    effectiveTo: input.effectiveTo ?? null,
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

async function ownPrice(ctx: ProjectContext, id: string) {
  const p = schema.modelPrices;
  const [row] = await (
    await db()
  )
    .select()
    .from(p)
    .where(and(eq(p.id, id), eq(p.projectId, ctx.projectId)))
    .limit(1);
  if (!row) throw new ServiceError("not_found", `price ${id} not found`, "id");
  return row;
}

/** Edits a project price in place, or ends it (`effectiveTo`); cost reads use it on their next load. */
export async function updatePrice({
  ctx,
  id,
  patch,
}: {
  ctx: ProjectContext;
  id: string;
  patch: z.infer<typeof pricePatch>;
}) {
  requirePermission(ctx, "pricing.manage");
  const before = await ownPrice(ctx, id);
  const effectiveFrom = patch.effectiveFrom ?? before.effectiveFrom;
  const effectiveTo = patch.effectiveTo === undefined ? before.effectiveTo : patch.effectiveTo;
  if (before.applyTo !== "history" && effectiveTo && effectiveTo <= effectiveFrom)
    throw new ServiceError("bad_request", "effectiveTo: must be after effectiveFrom", "effectiveTo");
  const p = schema.modelPrices;
  return audited(
    {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: patch.effectiveTo && Object.keys(patch).length === 1 ? "price.end" : "price.update",
      target: before.model,
      details: { id, ...patch },
    },
    async (tx) => {
      const [updated] = await tx
        .update(p)
        .set({ ...patch, effectiveFrom, effectiveTo })
        .where(and(eq(p.id, id), eq(p.projectId, ctx.projectId)))
        .returning();
      return updated!;
    },
  );
}

/** Removes a project price: its usage is priced as if it had never been added. */
export async function deletePrice({ ctx, id }: { ctx: ProjectContext; id: string }) {
  requirePermission(ctx, "pricing.manage");
  const before = await ownPrice(ctx, id);
  const p = schema.modelPrices;
  await audited(
    { projectId: ctx.projectId, actor: ctx.actor, action: "price.delete", target: before.model, details: { id } },
    (tx) => tx.delete(p).where(and(eq(p.id, id), eq(p.projectId, ctx.projectId))),
  );
  return { ok: true };
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
