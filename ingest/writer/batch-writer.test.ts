import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "@/db/clickhouse/client";
import { CoalescedInserts } from "./batch-writer";

type ProbeRow = { project_id: string; n: number };

describe("coalesced inserts", () => {
  beforeAll(async () => {
    const { client } = await clickhouse();
    await client.command({
      query: "CREATE TABLE IF NOT EXISTS coalesce_probe (project_id String, n UInt32) ENGINE = MergeTree ORDER BY n",
    });
    await client.command({ query: "SYSTEM STOP MERGES coalesce_probe" });
  });

  it("writes rows that arrive while an insert runs together, in one more insert", async () => {
    const inserts = new CoalescedInserts<ProbeRow>("coalesce_probe");
    const rows = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ project_id: "p", n: from + i }));
    await Promise.all([
      inserts.insert(rows(0, 3)),
      inserts.insert(rows(3, 2)),
      inserts.insert(rows(5, 4)),
      inserts.insert([]),
    ]);
    const { client } = await clickhouse();
    const [stats] = await (
      await client.query({
        query:
          "SELECT (SELECT count() FROM coalesce_probe) AS rows, (SELECT count() FROM system.parts WHERE table = 'coalesce_probe' AND active) AS parts",
        format: "JSONEachRow",
      })
    ).json<{ rows: number; parts: number }>();
    // The first call starts an insert at once; the next two wait for it and share the second.
    expect(stats).toEqual({ rows: 9, parts: 2 });
  });

  it("fails every caller whose rows were in a failed insert, and keeps working after it", async () => {
    const broken = new CoalescedInserts<ProbeRow>("no_such_table");
    const results = await Promise.allSettled([
      broken.insert([{ project_id: "p", n: 1 }]),
      broken.insert([{ project_id: "p", n: 2 }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/no_such_table/);
    const working = new CoalescedInserts<ProbeRow>("coalesce_probe");
    await expect(working.insert([{ project_id: "p", n: 100 }])).resolves.toBeUndefined();
  });

  it("writes each caller alone when the store refuses the shared rows, so only the caller with bad rows fails", async () => {
    const inserts = new CoalescedInserts<ProbeRow>("coalesce_probe");
    // The first call takes the insert at once; the next three share the second one, which a UInt32 cannot hold.
    const results = await Promise.allSettled([
      inserts.insert([{ project_id: "p", n: 200 }]),
      inserts.insert([{ project_id: "p", n: 201 }]),
      inserts.insert([{ project_id: "p", n: -1 }]),
      inserts.insert([{ project_id: "p", n: 202 }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: "clickhouse_rejected" });
    const { client } = await clickhouse();
    const rows = await (
      await client.query({ query: "SELECT n FROM coalesce_probe WHERE n >= 200 ORDER BY n", format: "JSONEachRow" })
    ).json<{ n: number }>();
    expect(rows.map((r) => r.n)).toEqual([200, 201, 202]);
  });

  it("splits rows into several inserts when asked (partitions per insert are limited)", async () => {
    const { client } = await clickhouse();
    const stats = async () =>
      (
        await (
          await client.query({
            query:
              "SELECT (SELECT count() FROM coalesce_probe WHERE n >= 300) AS rows, (SELECT count() FROM system.parts WHERE table = 'coalesce_probe' AND active) AS parts",
            format: "JSONEachRow",
          })
        ).json<{ rows: number; parts: number }>()
      )[0]!;
    const before = await stats();
    const chunks = (rows: ProbeRow[]) => [rows.slice(0, 2), rows.slice(2)];
    await new CoalescedInserts<ProbeRow>("coalesce_probe", chunks).insert(
      [300, 301, 302].map((n) => ({ project_id: "p", n })),
    );
    expect(await stats()).toEqual({ rows: 3, parts: before.parts + 2 });
  });
});
