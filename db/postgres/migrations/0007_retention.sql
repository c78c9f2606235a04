CREATE TABLE "retention_settings" (
	"project_id" text PRIMARY KEY NOT NULL,
	"span_days" integer,
	"payload_days" integer,
	"log_days" integer,
	"metric_days" integer,
	"score_days" integer,
	"cost_days" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;