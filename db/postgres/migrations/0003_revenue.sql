CREATE TABLE "revenue" (
	"project_id" text NOT NULL,
	"tenant" text NOT NULL,
	"month" text NOT NULL,
	"revenue_usd" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revenue_project_id_tenant_month_pk" PRIMARY KEY("project_id","tenant","month")
);
--> statement-breakpoint
ALTER TABLE "revenue" ADD CONSTRAINT "revenue_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;