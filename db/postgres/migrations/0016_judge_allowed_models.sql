ALTER TABLE "judge_settings" ADD COLUMN IF NOT EXISTS "allowed_models" text[] DEFAULT '{}' NOT NULL;
