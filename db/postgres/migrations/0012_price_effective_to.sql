ALTER TABLE "model_prices" ADD COLUMN "effective_to" timestamp with time zone;
