import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "./client";
import { clickHouseTimeToTicks } from "./row-binary";
import { testFront } from "./testing/http-front";

const hostile = [
  "plain",
  "tab\there",
  "new\nline",
  "back\\slash",
  "quote ' and \" ",
  "nul\0byte",
  "\r\n\b\f",
  "émoji 🚀 日本",
  "{'a':'b'}",
  "\\N",
  "",
];
// Around the one-byte length boundary, and long multi-byte text whose padded length prefix is wider than needed.
const lengths = [
  "a".repeat(127),
  "a".repeat(128),
  "é".repeat(63),
  "é".repeat(64),
  "日本".repeat(700),
  `${"x".repeat(5000)}🚀`,
];

// Both modes' insert paths: RowBinary through a file on the embedded engine, JSONEachRow over
// HTTP in server mode (the server-clickhouse test project).
describe("inserts through the mode's insert path", () => {
  beforeAll(async () => {
    const { client } = await clickhouse();
    await client.command({
      query:
        "CREATE TABLE IF NOT EXISTS insert_probe (id UInt32, s String, n Nullable(Float64), m Map(String, String)) ENGINE = MergeTree ORDER BY id",
    });
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS insert_types (id UInt32, lc LowCardinality(String), u8 UInt8, u16 UInt16, u64 UInt64, i64 Int64, f32 Float32,
              t6 DateTime64(6, 'UTC'), t3 DateTime64(3, 'UTC'), t0 DateTime('UTC'), tags Array(String), made DateTime64(3, 'UTC') DEFAULT toDateTime64('2001-02-03 04:05:06', 3, 'UTC'))
              ENGINE = MergeTree ORDER BY id`,
    });
  });

  it("round-trips hostile strings in String and Map columns, and nulls", async () => {
    const handle = await clickhouse();
    const rows = [...hostile, ...lengths].map((s, id) => ({
      id,
      s,
      n: id % 2 ? null : id / 3,
      m: { [s || "empty"]: s, fixed: `v${s}` },
    }));
    await handle.insertRows("insert_probe", rows);
    const back = await (
      await handle.client.query({ query: "SELECT id, s, n, m FROM insert_probe ORDER BY id", format: "JSONEachRow" })
    ).json();
    expect(back).toEqual(rows);
  });

  it("writes integers, floats, times and arrays exactly, and leaves omitted columns to their DEFAULT", async () => {
    const handle = await clickhouse();
    const rows = [
      {
        id: 1,
        lc: "openai",
        u8: 255,
        u16: 65535,
        u64: 2 ** 53 - 1,
        i64: -42,
        f32: 0.5,
        t6: "2026-11-23 18:06:47.455123",
        t3: "2026-11-23 18:06:47.455",
        t0: "2026-11-23 18:00:00",
        tags: ["a", "b"],
      },
      {
        id: 2,
        lc: "",
        u8: 0,
        u16: 0,
        u64: 0,
        i64: -(2 ** 40),
        f32: -1.25,
        t6: "1999-12-31 23:59:59.000001",
        t3: "2026-01-01 00:00:00",
        t0: "2026-01-01 00:00:00",
        tags: [],
      },
    ];
    await handle.insertRows("insert_types", rows);
    const back = await (
      await handle.client.query({
        query:
          "SELECT id, lc, u8, u16, toString(u64) AS u64, i64, f32, toString(t6) AS t6, toString(t3) AS t3, toString(t0) AS t0, tags, toString(made) AS made FROM insert_types ORDER BY id",
        format: "JSONEachRow",
      })
    ).json();
    expect(back).toEqual([
      { ...rows[0], u64: "9007199254740991", t3: "2026-11-23 18:06:47.455", made: "2001-02-03 04:05:06.000" },
      { ...rows[1], u64: "0", t3: "2026-01-01 00:00:00.000", made: "2001-02-03 04:05:06.000" },
    ]);
  });

  it("refuses a row that lacks a column, and a time it cannot read, naming them", async () => {
    const handle = await clickhouse();
    await expect(
      handle.insertRows("insert_probe", [
        { id: 99, s: "x", m: {} },
        { id: 100, n: 1, m: {} },
      ]),
    ).rejects.toThrow(/no value for column s/);
    expect(() => clickHouseTimeToTicks("2026-11-23T18:06:47.45x", 6)).toThrow(/not a ClickHouse time/);
    expect(() => clickHouseTimeToTicks("yesterday", 6)).toThrow(/not a ClickHouse time/);
    expect(clickHouseTimeToTicks("2026-11-23 18:06:47.4551239", 6)).toBe(
      Date.UTC(2026, 10, 23, 18, 6, 47) * 1000 + 455_123,
    );
  });

  it.runIf(testFront())(
    "sends server inserts with async_insert and waits for them, as the app's own database and user",
    async () => {
      const handle = await clickhouse();
      await handle.insertRows("insert_probe", [{ id: 500, s: "server", n: null, m: {} }]);
      const insert = testFront()!.requests.findLast((r) => r.query.startsWith("INSERT INTO insert_probe"));
      expect(insert).toMatchObject({
        method: "POST",
        database: process.env.CLICKHOUSE_DATABASE,
        status: 200,
        settings: { async_insert: "1", wait_for_async_insert: "1" },
      });
      expect(
        testFront()!.requests.some((r) =>
          r.query.startsWith(`CREATE DATABASE IF NOT EXISTS \`${process.env.CLICKHOUSE_DATABASE}\``),
        ),
      ).toBe(true);
    },
  );
});
