import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { DEFAULT_PAYLOAD_CAP_BYTES, type ProjectIngestSettings } from "@/lib/domain/ingest-settings";
import {
  DEFAULT_REDACTION,
  redactionSettingsInput,
  type RedactionSettings,
} from "@/lib/domain/redaction/redaction-settings";
import { DEFAULT_RETRIEVAL_LOW_SCORE } from "@/lib/domain/ingest-settings";

const attributeKey = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\w.\-/:]+$/, "attribute keys are letters, digits and . _ - / :");
export const ingestSettingsInput = z.object({
  tenantKeys: z.array(attributeKey).max(20),
  featureKeys: z.array(attributeKey).max(20),
  sessionKeys: z.array(attributeKey).max(20).default([]),
  userKeys: z.array(attributeKey).max(20).default([]),
  payloadCapBytes: z
    .number()
    .int()
    .min(1024)
    .max(4 * 1024 * 1024),
  /** Best-document score under which `retrieval_low_score` fires; same scale as the retriever's scores. */
  retrievalLowScore: z.number().finite().default(DEFAULT_RETRIEVAL_LOW_SCORE),
  /** Redaction at ingest; left out, the project's current rules stay as they are. */
  redaction: redactionSettingsInput.optional(),
});

/** What ingest reads for a project: the normalizer's settings and the redaction rules. */
export type IngestSettings = ProjectIngestSettings & { redaction: RedactionSettings };

const DEFAULTS: IngestSettings = {
  tenantKeys: [],
  featureKeys: [],
  sessionKeys: [],
  userKeys: [],
  payloadCapBytes: DEFAULT_PAYLOAD_CAP_BYTES,
  retrievalLowScore: DEFAULT_RETRIEVAL_LOW_SCORE,
  redaction: DEFAULT_REDACTION,
};
// Read on every ingest request: cache briefly per process. On globalThis because Next bundles
// each route and page separately, and an update must reach every bundle's readers.
const holder = globalThis as unknown as {
  __ingestSettingsCache?: Map<string, { value: IngestSettings; until: number }>;
};
const cache = (holder.__ingestSettingsCache ??= new Map());

/** For ingest (the credential is the key's `ingest` scope): no role check. */
export async function ingestSettingsFor(projectId: string): Promise<IngestSettings> {
  const hit = cache.get(projectId);
  if (hit && hit.until > Date.now()) return hit.value;
  const [row] = await (await db())
    .select()
    .from(schema.projectSettings)
    .where(eq(schema.projectSettings.projectId, projectId))
    .limit(1);
  const value = row
    ? {
        tenantKeys: row.tenantKeys,
        featureKeys: row.featureKeys,
        sessionKeys: row.sessionKeys,
        userKeys: row.userKeys,
        payloadCapBytes: row.payloadCapBytes,
        retrievalLowScore: row.retrievalLowScore,
        redaction: row.redaction ? redactionSettingsInput.parse(row.redaction) : DEFAULT_REDACTION,
      }
    : DEFAULTS;
  cache.set(projectId, { value, until: Date.now() + 30_000 });
  return value;
}

/** The settings page and `GET /api/v1/settings/ingest`. */
export async function getIngestSettings({ ctx }: { ctx: ProjectContext }): Promise<IngestSettings> {
  requirePermission(ctx, "settings.view");
  return ingestSettingsFor(ctx.projectId);
}

export async function updateIngestSettings({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: z.infer<typeof ingestSettingsInput>;
}) {
  requirePermission(ctx, "settings.manage");
  const { redaction, ...rest } = input;
  const values = { ...rest, ...(redaction ? { redaction } : {}), updatedAt: new Date() };
  await audited({ projectId: ctx.projectId, actor: ctx.actor, action: "settings.ingest", details: input }, (tx) =>
    tx
      .insert(schema.projectSettings)
      .values({ projectId: ctx.projectId, ...values })
      .onConflictDoUpdate({ target: schema.projectSettings.projectId, set: values }),
  );
  cache.delete(ctx.projectId);
  return ingestSettingsFor(ctx.projectId);
}
