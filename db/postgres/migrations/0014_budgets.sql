CREATE TABLE IF NOT EXISTS "budgets" (
	"project_id" text NOT NULL,
	"scope" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"amount_usd" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_project_id_scope_subject_pk" PRIMARY KEY("project_id","scope","subject")
);
--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_settings" ADD COLUMN IF NOT EXISTS "finance_contacts" text[] DEFAULT '{}' NOT NULL;
