CREATE TABLE IF NOT EXISTS "month_closes" (
	"project_id" text NOT NULL,
	"month" text NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" text NOT NULL,
	"catalog_version" text NOT NULL,
	"cost_usd" double precision NOT NULL,
	"snapshot" jsonb NOT NULL,
	CONSTRAINT "month_closes_project_id_month_pk" PRIMARY KEY("project_id","month")
);
--> statement-breakpoint
ALTER TABLE "month_closes" ADD CONSTRAINT "month_closes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
