CREATE TABLE IF NOT EXISTS "experiments" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL REFERENCES "projects"("id") ON DELETE cascade,
	"set_id" text NOT NULL REFERENCES "regression_sets"("id") ON DELETE cascade,
	"set_version" integer NOT NULL,
	"variant" jsonb NOT NULL,
	"checks" jsonb NOT NULL,
	"concurrency" integer NOT NULL,
	"cost_cap_usd" double precision NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"error" text,
	"trace_id" text NOT NULL,
	"item_count" integer NOT NULL,
	"totals" jsonb,
	"created_by" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "experiments_set_idx" ON "experiments" ("set_id","started_at");--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "experiment_items" (
	"experiment_id" text NOT NULL REFERENCES "experiments"("id") ON DELETE cascade,
	"item_id" text NOT NULL,
	"answer" text DEFAULT '' NOT NULL,
	"input_tokens" integer,
	"output_tokens" integer,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"judge_cost_usd" double precision DEFAULT 0 NOT NULL,
	"latency_ms" integer NOT NULL,
	"error" text,
	"scores" jsonb NOT NULL,
	"trace_id" text NOT NULL,
	"span_id" text NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("experiment_id","item_id")
);
