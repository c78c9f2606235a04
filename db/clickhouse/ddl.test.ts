import { describe, expect, it } from "vitest";
import { renderStatement, splitStatements } from "./ddl";
import { loadMigrations } from "./migrate";

describe("migration DDL", () => {
  const create = "CREATE TABLE IF NOT EXISTS spans\n(a String)\nENGINE = ReplacingMergeTree(ingested_at)\nORDER BY a";

  it("stays as written on a single server", () => {
    expect(renderStatement(create)).toBe(create);
  });

  it("adds ON CLUSTER and Replicated engines for a cluster", () => {
    const rendered = renderStatement(create, "prod");
    expect(rendered).toContain("CREATE TABLE IF NOT EXISTS spans ON CLUSTER `prod`");
    expect(rendered).toContain("ENGINE = ReplicatedReplacingMergeTree(ingested_at)");
    expect(renderStatement("ALTER TABLE spans ADD COLUMN x String", "c1")).toBe(
      "ALTER TABLE spans ON CLUSTER `c1` ADD COLUMN x String",
    );
    expect(renderStatement("CREATE MATERIALIZED VIEW IF NOT EXISTS mv TO t AS SELECT 1", "c1")).toMatch(
      /^CREATE MATERIALIZED VIEW IF NOT EXISTS mv ON CLUSTER `c1` TO t/,
    );
    expect(renderStatement("CREATE TABLE t (a UInt8) ENGINE = MergeTree ORDER BY a", "c1")).toContain(
      "ENGINE = ReplicatedMergeTree ORDER BY a",
    );
  });

  it("splits files into statements without comments", () => {
    expect(splitStatements("-- note\nSELECT 1;\n\nSELECT 2;\n")).toEqual(["SELECT 1", "SELECT 2"]);
  });

  it("renders every shipped migration for a cluster with no MergeTree left unreplicated", () => {
    for (const migration of loadMigrations()) {
      for (const statement of splitStatements(migration.sql)) {
        const rendered = renderStatement(statement, "c");
        if (/^CREATE TABLE/i.test(statement)) expect(rendered).toContain("ON CLUSTER `c`");
        expect(rendered).not.toMatch(/ENGINE\s*=\s*(?!Replicated)\w*MergeTree/);
      }
    }
  });

  // The expected cluster DDL of each migration is kept beside this test, one file per migration
  // (a new migration writes its file on the first local run; review it before committing).
  it.each(loadMigrations().map((m) => [m.name, m] as const))(
    "renders %s for a cluster as the expected statements",
    async (_name, migration) => {
      const statements = splitStatements(migration.sql);
      const rendered = statements.map((statement) => `${renderStatement(statement, "prod")};`).join("\n\n");
      await expect(`${rendered}\n`).toMatchFileSnapshot(`./cluster-ddl/${migration.name}.sql`);
      for (const statement of statements) {
        const out = renderStatement(statement, "prod");
        const head = /^(CREATE|ALTER|DROP)\b/i.test(statement);
        // DDL runs on every node; data statements (backfills, TRUNCATE) run once and reach the
        // other replicas through the Replicated engine.
        if (head)
          expect(out).toMatch(
            /^(CREATE (TABLE|MATERIALIZED VIEW|VIEW)( IF NOT EXISTS)?|ALTER TABLE|DROP (TABLE|VIEW)( IF EXISTS)?) [`\w.]+ ON CLUSTER `prod`(\s|$)/,
          );
        else expect(out).toBe(statement);
      }
    },
  );
});
