import "server-only";
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import type { ClickHouseClient } from "./client";
import { renderStatement, splitStatements } from "./ddl";

export type ClickHouseMigration = { version: number; name: string; sql: string; checksum: string };

const MIGRATIONS_DIR = path.join(process.cwd(), "db", "clickhouse", "migrations");

export function loadMigrations(dir = MIGRATIONS_DIR): ClickHouseMigration[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = fs.readFileSync(path.join(/*turbopackIgnore: true*/ dir, file), "utf8");
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ""),
        sql,
        checksum: createHash("sha256").update(sql).digest("hex"),
      };
    });
}

function migrationsTableDdl(cluster?: string): string {
  return renderStatement(
    `CREATE TABLE IF NOT EXISTS schema_migrations
     (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
     ENGINE = ReplacingMergeTree(applied_at) ORDER BY version`,
    cluster,
  );
}

/** Applies every migration not yet recorded, in order; safe to run again and from several replicas. */
export async function migrateClickHouse(
  client: ClickHouseClient,
  options: { cluster?: string; migrations?: ClickHouseMigration[] } = {},
): Promise<string[]> {
  const migrations = options.migrations ?? loadMigrations();
  await client.command({ query: migrationsTableDdl(options.cluster) });
  const result = await client.query({ query: "SELECT DISTINCT version FROM schema_migrations", format: "JSONEachRow" });
  const applied = new Set((await result.json<{ version: number }>()).map((row) => Number(row.version)));
  const appliedNow: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    for (const statement of splitStatements(migration.sql)) {
      await client.command({ query: renderStatement(statement, options.cluster) });
    }
    await client.insert({
      table: "schema_migrations",
      values: [{ version: migration.version, name: migration.name, checksum: migration.checksum }],
      format: "JSONEachRow",
    });
    appliedNow.push(migration.name);
  }
  return appliedNow;
}
