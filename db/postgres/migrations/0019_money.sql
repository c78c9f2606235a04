ALTER TABLE "budgets" ADD COLUMN IF NOT EXISTS "period" text DEFAULT 'month' NOT NULL;--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "starter_offers" (
	"project_id" text NOT NULL REFERENCES "projects"("id") ON DELETE cascade,
	"offer" text NOT NULL,
	"offered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "starter_offers_project_id_offer_pk" PRIMARY KEY("project_id","offer")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "feature_baselines" (
	"project_id" text NOT NULL REFERENCES "projects"("id") ON DELETE cascade,
	"feature" text NOT NULL,
	"source" text NOT NULL,
	"set_at" timestamp with time zone NOT NULL,
	"set_by" text,
	"window_from" timestamp with time zone,
	"window_to" timestamp with time zone,
	"cost_per_request_usd" double precision,
	"error_rate" double precision,
	"p95_ms" double precision,
	"quality" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_baselines_project_id_feature_pk" PRIMARY KEY("project_id","feature")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "review_subscribers" (
	"project_id" text NOT NULL REFERENCES "projects"("id") ON DELETE cascade,
	"address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_subscribers_project_id_address_pk" PRIMARY KEY("project_id","address")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "review_mailings" (
	"project_id" text NOT NULL REFERENCES "projects"("id") ON DELETE cascade,
	"month" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recipients" integer NOT NULL,
	CONSTRAINT "review_mailings_project_id_month_pk" PRIMARY KEY("project_id","month")
);
--> statement-breakpoint
INSERT INTO "starter_offers" ("project_id", "offer")
	SELECT DISTINCT "project_id", 'budget_rules' FROM "alert_rules" WHERE "metric" IN ('budget_forecast_pct', 'budget_used_pct')
	ON CONFLICT DO NOTHING;
