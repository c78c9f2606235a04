CREATE TABLE "gpu_rates" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"gpu_type" text NOT NULL,
	"usd_per_hour" double precision NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"apply_to" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_prices" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"model" text NOT NULL,
	"input_per_mtok" double precision NOT NULL,
	"output_per_mtok" double precision NOT NULL,
	"cached_input_per_mtok" double precision,
	"min_input_tokens" integer DEFAULT 0 NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"apply_to" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gpu_rates" ADD CONSTRAINT "gpu_rates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gpu_rates_project_idx" ON "gpu_rates" USING btree ("project_id","gpu_type");--> statement-breakpoint
CREATE INDEX "model_prices_project_idx" ON "model_prices" USING btree ("project_id","model");