import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { CoalescedInserts } from "./batch-writer";

type ProbeRow = { project_id: string; n: number };

describe("coalesced inserts", () => {
  beforeAll(async () => {
    const { client } = await clickhouse();
    await client.command({ query: "CREATE TABLE IF NOT EXISTS coalesce_probe (project_id String, n UInt32) ENGINE = MergeTree ORDER BY n" });
    await client.command({ query: "SYSTEM STOP MERGES coalesce_probe" });
  });

  it("writes rows that arrive while an insert runs together, in one more insert", async () => {
    const inserts = new CoalescedInserts<ProbeRow>("coalesce_probe");
    const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ project_id: "p", n: from + i }));
    await Promise.all([inserts.insert(rows(0, 3)), inserts.insert(rows(3, 2)), inserts.insert(rows(5, 4)), inserts.insert([])]);
    const { client } = await clickhouse();
    const [stats] = await (
      await client.query({
        query: "SELECT (SELECT count() FROM coalesce_probe) AS rows, (SELECT count() FROM system.parts WHERE table = 'coalesce_probe' AND active) AS parts",
        format: "JSONEachRow",
      })
    ).json<{ rows: number; parts: number }>();
    // The first call starts an insert at once; the next two wait for it and share the second.
    expect(stats).toEqual({ rows: 9, parts: 2 });
  });

  it("fails every caller whose rows were in a failed insert, and keeps working after it", async () => {
    const broken = new CoalescedInserts<ProbeRow>("no_such_table");
    const results = await Promise.allSettled([broken.insert([{ project_id: "p", n: 1 }]), broken.insert([{ project_id: "p", n: 2 }])]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/no_such_table/);
    const working = new CoalescedInserts<ProbeRow>("coalesce_probe");
    await expect(working.insert([{ project_id: "p", n: 100 }])).resolves.toBeUndefined();
  });
});
