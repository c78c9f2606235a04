CREATE TABLE IF NOT EXISTS "regression_sets" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL REFERENCES "projects"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "regression_sets_project_idx" ON "regression_sets" ("project_id");--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "regression_set_items" (
	"id" text PRIMARY KEY NOT NULL,
	"set_id" text NOT NULL REFERENCES "regression_sets"("id") ON DELETE cascade,
	"input" jsonb NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"recorded_output" text DEFAULT '' NOT NULL,
	"expected_output" text,
	"label" text,
	"trace_id" text,
	"span_id" text,
	"added_in" integer NOT NULL,
	"removed_in" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "regression_set_items_set_idx" ON "regression_set_items" ("set_id","added_in");
