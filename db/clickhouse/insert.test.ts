import { beforeAll, describe, expect, it } from "vitest";
import { clickhouse } from "./client";

const hostile = ["plain", "tab\there", "new\nline", "back\\slash", "quote ' and \" ", "nul\0byte", "\r\n\b\f", "émoji 🚀 日本", "{'a':'b'}", "\\N", ""];

describe("inserts through the embedded engine's raw path", () => {
  beforeAll(async () => {
    const { client } = await clickhouse();
    await client.command({ query: "CREATE TABLE IF NOT EXISTS insert_probe (id UInt32, s String, n Nullable(Float64), m Map(String, String)) ENGINE = MergeTree ORDER BY id" });
  });

  it("round-trips hostile strings in String and Map columns, and nulls", async () => {
    const handle = await clickhouse();
    const rows = hostile.map((s, id) => ({ id, s, n: id % 2 ? null : id / 3, m: { [s || "empty"]: s, fixed: `v${s}` } }));
    await handle.insertRows("insert_probe", rows);
    const back = await (await handle.client.query({ query: "SELECT id, s, n, m FROM insert_probe ORDER BY id", format: "JSONEachRow" })).json();
    expect(back).toEqual(rows);
  });
});
