CREATE TABLE "project_settings" (
	"project_id" text PRIMARY KEY NOT NULL,
	"tenant_keys" text[] DEFAULT '{}' NOT NULL,
	"feature_keys" text[] DEFAULT '{}' NOT NULL,
	"payload_cap_bytes" integer DEFAULT 262144 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "project_settings" ADD CONSTRAINT "project_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;