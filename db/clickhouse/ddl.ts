// Renders migration SQL for a single server or for a cluster. Migrations are written for a
// single node; with a cluster every DDL statement gains `ON CLUSTER` and every MergeTree
// family engine becomes its Replicated twin (replica path from the server's defaults).

const DDL_HEAD =
  /^(\s*(?:CREATE\s+(?:TABLE|MATERIALIZED\s+VIEW|VIEW|DICTIONARY)(?:\s+IF\s+NOT\s+EXISTS)?|ALTER\s+TABLE|DROP\s+(?:TABLE|VIEW)(?:\s+IF\s+EXISTS)?)\s+[`\w.]+)/i;

export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((statement) =>
      statement
        .split("\n")
        .filter((line) => !line.trim().startsWith("--"))
        .join("\n")
        .trim(),
    )
    .filter((statement) => statement.length > 0);
}

export function renderStatement(statement: string, cluster?: string): string {
  if (!cluster) return statement;
  return statement
    .replace(DDL_HEAD, (head: string) => `${head} ON CLUSTER \`${cluster}\``)
    .replace(/ENGINE\s*=\s*(\w*)MergeTree\b/g, (_m, family: string) => `ENGINE = Replicated${family}MergeTree`);
}
