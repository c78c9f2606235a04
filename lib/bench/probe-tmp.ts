import fs from "node:fs";
process.env.DATA_DIR = process.argv[2]!;
const spans = Number(process.argv[3]);
async function main() {
  const fresh = !fs.existsSync(process.env.DATA_DIR + "/clickhouse");
  const { clickhouse } = await import("@/db/clickhouse/client");
  const { migrateClickHouse } = await import("@/db/clickhouse/migrate");
  const { makeProject } = await import("@/lib/testing/factories");
  const { seedSpansSql } = await import("@/lib/bench/seed-spans");
  const { rebuildUsage } = await import("@/lib/cost/rebuild-usage");
  const { costMetrics } = await import("@/lib/cost/cost-metrics");
  const { client } = await clickhouse();
  await migrateClickHouse(client);
  let projectId: string;
  if (fresh) {
    const ctx = await makeProject();
    projectId = ctx.projectId;
    fs.writeFileSync(process.env.DATA_DIR + "/pid", projectId);
    await client.command({ query: seedSpansSql(projectId, spans), clickhouse_settings: { max_insert_block_size: "200000" } });
    await client.command({ query: "OPTIMIZE TABLE traces FINAL" });
    await rebuildUsage(projectId);
  } else projectId = fs.readFileSync(process.env.DATA_DIR + "/pid", "utf8");
  const rc = await client.query({ query: `SELECT count() c FROM usage_hourly`, format: "JSONEachRow" });
  console.log("usage rows", await rc.json());
  const ctx = { projectId, role: "admin" as const, actor: { type: "user" as const, userId: "x" } };
  const to = new Date(); const from = new Date(Date.now() - 30 * 86400000);
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await costMetrics({ ctx, query: { from, to, groupBy: ["tenant", "feature", "model"] } });
    console.log("cost ms", Math.round(performance.now() - t));
  }
  await probe2(projectId); await probe2(projectId);
  process.exit(0);
}
main();
export async function probe2(projectId: string) {
  const { queryRows } = await import("@/lib/clickhouse/query");
  const { sql, raw } = await import("@/lib/clickhouse/sql");
  const { projectScope } = await import("@/lib/clickhouse/query");
  for (const [name, q] of [
    ["plain group", sql`SELECT tenant, feature, model, sum(input_tokens) FROM usage_hourly WHERE ${projectScope()} GROUP BY tenant, feature, model LIMIT 1`],
    ["inner group", sql`SELECT count() FROM (SELECT hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported, sum(spans) s FROM usage_hourly WHERE ${projectScope()} GROUP BY hour, tenant, feature, model, kind, gpu_type, tier_tokens, cost_reported)`],
  ] as const) {
    const t = performance.now();
    await queryRows({ projectId, tag: "x", query: q });
    console.log(name, Math.round(performance.now() - t));
  }
  void raw;
}
