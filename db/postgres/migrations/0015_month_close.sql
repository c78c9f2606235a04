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
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "billing_settings" (
	"project_id" text PRIMARY KEY NOT NULL,
	"webhook_secret" text,
	"customer_tenants" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"usd_rates" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "billing_settings" ADD CONSTRAINT "billing_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "revenue_events" (
	"project_id" text NOT NULL,
	"event_id" text NOT NULL,
	"tenant" text NOT NULL,
	"month" text NOT NULL,
	"amount" double precision NOT NULL,
	"currency" text NOT NULL,
	"usd_rate" double precision NOT NULL,
	"amount_usd" double precision NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revenue_events_project_id_event_id_pk" PRIMARY KEY("project_id","event_id")
);
--> statement-breakpoint
ALTER TABLE "revenue_events" ADD CONSTRAINT "revenue_events_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;
