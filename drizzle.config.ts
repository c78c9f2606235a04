import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/postgres/schema/index.ts",
  out: "./db/postgres/migrations",
});
