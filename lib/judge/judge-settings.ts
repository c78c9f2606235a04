import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema } from "@/db/postgres/client";
import { audited } from "@/lib/audit/record";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { open, seal } from "@/lib/crypto/secret-box";

// The project's LLM-as-judge, against an OpenAI-compatible endpoint (URL, model, key). The key is
// sealed at rest and never returned; the API answers `hasApiKey` instead.

export const DEFAULT_JUDGE_TEMPLATE = [
  "Rate how well the assistant's answer serves the user's request: correct, relevant, complete and safe.",
  "",
  "User request:",
  "{{input}}",
  "",
  "Assistant answer:",
  "{{output}}",
  "",
  'Reply with JSON only: {"score": <number from 0 (useless) to 1 (excellent)>, "reason": "<one sentence>"}',
].join("\n");

export const judgeSettingsInput = z.object({
  enabled: z.boolean(),
  baseUrl: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL, e.g. https://api.openai.com/v1" })
    .transform((u) => u.replace(/\/+$/, "")),
  model: z.string().trim().min(1).max(200),
  /** Models a re-run of a step may use besides `model`. */
  allowedModels: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  /** Omit to keep the stored key; "" removes it. */
  apiKey: z.string().max(500).optional(),
  scoreName: z.string().trim().min(1).max(200).default("judge_quality"),
  template: z
    .string()
    .min(1)
    .max(20_000)
    .refine((t) => t.includes("{{output}}"), "must contain {{output}}")
    .default(DEFAULT_JUDGE_TEMPLATE),
  sampleRate: z.number().min(0).max(1).default(0.1),
  maxTracesPerRun: z.number().int().min(1).max(500).default(20),
});
export type JudgeSettingsInput = z.infer<typeof judgeSettingsInput>;

type Stored = typeof schema.judgeSettings.$inferSelect;
export type JudgeConfig = Omit<Stored, "apiKeyEncrypted"> & { apiKey: string | null };

const publicView = (row: Stored) => {
  const { apiKeyEncrypted, ...rest } = row;
  return { ...rest, hasApiKey: apiKeyEncrypted !== null };
};

async function stored(projectId: string): Promise<Stored | null> {
  const [row] = await (await db())
    .select()
    .from(schema.judgeSettings)
    .where(eq(schema.judgeSettings.projectId, projectId))
    .limit(1);
  return row ?? null;
}

export async function getJudgeSettings({ ctx }: { ctx: ProjectContext }) {
  requirePermission(ctx, "settings.view");
  const row = await stored(ctx.projectId);
  return row
    ? publicView(row)
    : {
        enabled: false,
        baseUrl: "",
        model: "",
        allowedModels: [] as string[],
        hasApiKey: false,
        scoreName: "judge_quality",
        template: DEFAULT_JUDGE_TEMPLATE,
        sampleRate: 0.1,
        maxTracesPerRun: 20,
        lastRunAt: null,
      };
}

export async function putJudgeSettings({ ctx, input }: { ctx: ProjectContext; input: JudgeSettingsInput }) {
  requirePermission(ctx, "settings.manage");
  const { apiKey, ...rest } = input;
  const values = {
    ...rest,
    updatedAt: new Date(),
    ...(apiKey === undefined ? {} : { apiKeyEncrypted: apiKey ? seal(apiKey) : null }),
  };
  const row = await audited(
    {
      projectId: ctx.projectId,
      actor: ctx.actor,
      action: "settings.judge",
      details: { ...rest, apiKeyChanged: apiKey !== undefined },
    },
    async (tx) => {
      const [saved] = await tx
        .insert(schema.judgeSettings)
        .values({ projectId: ctx.projectId, ...values })
        .onConflictDoUpdate({ target: schema.judgeSettings.projectId, set: values })
        .returning();
      return saved!;
    },
  );
  return publicView(row);
}

/** For the runner only: the settings with the key opened. */
export async function judgeConfig(projectId: string): Promise<JudgeConfig | null> {
  const row = await stored(projectId);
  if (!row) return null;
  const { apiKeyEncrypted, ...rest } = row;
  return { ...rest, apiKey: apiKeyEncrypted ? open(apiKeyEncrypted) : null };
}

export async function markJudgeRun(projectId: string, at: Date): Promise<void> {
  await (await db())
    .update(schema.judgeSettings)
    .set({ lastRunAt: at })
    .where(eq(schema.judgeSettings.projectId, projectId));
}
