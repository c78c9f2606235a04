CREATE TABLE IF NOT EXISTS "alert_settings" (
	"project_id" text PRIMARY KEY NOT NULL,
	"default_assignee" text,
	"admin_contact" text,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"business_days" integer[] DEFAULT '{1,2,3,4,5}' NOT NULL,
	"business_start_hour" integer DEFAULT 9 NOT NULL,
	"business_end_hour" integer DEFAULT 17 NOT NULL,
	"page_ack_minutes" integer DEFAULT 15,
	"ticket_ack_business_hours" integer DEFAULT 8,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN IF NOT EXISTS "baseline" text;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN IF NOT EXISTS "change_unit" text DEFAULT 'percent' NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN IF NOT EXISTS "min_volume" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN IF NOT EXISTS "no_data_minutes" integer;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD COLUMN IF NOT EXISTS "escalation_minutes" integer;--> statement-breakpoint
ALTER TABLE "alert_states" ADD COLUMN IF NOT EXISTS "note" text;--> statement-breakpoint
ALTER TABLE "alert_states" ADD COLUMN IF NOT EXISTS "last_data_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alert_states" ADD COLUMN IF NOT EXISTS "acknowledged_by" text;--> statement-breakpoint
ALTER TABLE "alert_states" ADD COLUMN IF NOT EXISTS "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alert_states" ADD COLUMN IF NOT EXISTS "escalation_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_states" ADD COLUMN IF NOT EXISTS "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN IF NOT EXISTS "feature" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN IF NOT EXISTS "escalation_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN IF NOT EXISTS "escalated_at" timestamp with time zone;--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "alert_settings" ADD CONSTRAINT "alert_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;--> statement-breakpoint
UPDATE "tickets" SET "feature" = substring("group_key" from '(?:^|\|)feature=([^|]*)') WHERE "group_key" ~ '(^|\|)feature=';
--> statement-breakpoint
-- The starter rules as shipped before: a fixed floor fired for every feature that never cached; compare with the group's own past instead (untouched when edited since).
UPDATE "alert_rules" SET "name" = 'Cache hit rate declining', "baseline" = 'median_4w', "threshold" = -30, "min_volume" = 100, "updated_at" = now()
 WHERE "name" = 'Cache hit rate down' AND "metric" = 'cache_hit_rate' AND "comparator" = 'lt' AND "threshold" = 0.2 AND "baseline" IS NULL;--> statement-breakpoint
UPDATE "alert_rules" SET "name" = 'Quality score dropping', "baseline" = 'median_4w', "threshold" = -15, "min_volume" = 20, "updated_at" = now()
 WHERE "name" = 'User feedback falling' AND "metric" = 'quality_avg' AND "comparator" = 'lt' AND "threshold" = 0.7 AND "baseline" IS NULL;
