ALTER TABLE "judge_settings" ADD COLUMN IF NOT EXISTS "allowed_models" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN IF NOT EXISTS "version" jsonb;
