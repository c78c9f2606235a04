import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClickHouseError, createClient, type ClickHouseClient } from "@clickhouse/client";
import { startClickHouseFront, type ClickHouseFront } from "./http-front";

// The double speaks what @clickhouse/client sends and answers what it reads, so the app's
// server mode can be trusted to run against it. Driven here by the real client.

let front: ClickHouseFront;
let client: ClickHouseClient;
const credentials = { user: "observer", password: "s3cret pass" };
const connect = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ url: front.url, username: credentials.user, password: credentials.password, ...options });

beforeAll(async () => {
  front = await startClickHouseFront({ dataDir: path.join(process.env.DATA_DIR!, "front"), credentials });
  client = connect();
});
afterAll(async () => {
  await client?.close();
  await front?.close();
});

describe("test double of the ClickHouse HTTP interface", () => {
  it("answers /ping and a SELECT ping, and refuses wrong credentials with the typed error", async () => {
    expect(await client.ping()).toEqual({ success: true });
    expect(await client.ping({ select: true })).toEqual({ success: true });
    expect(await (await fetch(`${front.url}/ping`)).text()).toBe("Ok.\n");
    const intruder = connect({ password: "wrong" });
    const error = await intruder.query({ query: "SELECT 1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickHouseError);
    expect(error).toMatchObject({ code: "516", type: "AUTHENTICATION_FAILED" });
    await intruder.close();
  });

  it("creates a database and runs every request of a client in it", async () => {
    await client.command({ query: "CREATE DATABASE IF NOT EXISTS obs_probe" });
    const scoped = connect({ database: "obs_probe" });
    await scoped.command({
      query: "CREATE TABLE IF NOT EXISTS t (id UInt32, s String) ENGINE = MergeTree ORDER BY id",
    });
    const [row] = await (
      await scoped.query({ query: "SELECT currentDatabase() AS db, count() AS n FROM t", format: "JSONEachRow" })
    ).json<{ db: string; n: string }>();
    expect(row).toEqual({ db: "obs_probe", n: 0 });
    const missing = await connect({ database: "no_such_db" })
      .query({ query: "SELECT 1" })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "81", type: "UNKNOWN_DATABASE" });
    await scoped.close();
  });

  it("binds query parameters exactly as the client formats them, hostile strings included", async () => {
    const hostile = ["tab\there", "new\nline", "back\\slash", "it's", "{'a':'b'}", "\\N", "émoji 🚀", ""];
    const result = await client.query({
      query:
        "SELECT {s:String} AS s, {list:Array(String)} AS list, {t:DateTime64(3, 'UTC')} AS t, {n:Int64} AS n, {maybe:Nullable(String)} AS maybe",
      query_params: {
        s: hostile.join("|"),
        list: hostile,
        t: new Date("2026-11-23T18:06:47.455Z"),
        n: -(2 ** 40),
        maybe: null,
      },
      format: "JSONEachRow",
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    expect(await result.json()).toEqual([
      { s: hostile.join("|"), list: hostile, t: "2026-11-23 18:06:47.455", n: -(2 ** 40), maybe: null },
    ]);
  });

  it("applies settings to their own request only", async () => {
    const read = async (settings: Record<string, number> = {}) =>
      (
        await (
          await client.query({
            query: "SELECT getSetting('max_threads') AS threads, getSetting('optimize_on_insert') AS merge",
            format: "JSONEachRow",
            clickhouse_settings: settings,
          })
        ).json<{ threads: number; merge: boolean }>()
      )[0];
    const defaults = await read();
    expect(await read({ max_threads: 1, optimize_on_insert: 0 })).toEqual({ threads: 1, merge: false });
    expect(await read()).toEqual(defaults);
    const unknown = await client
      .query({ query: "SELECT 1", clickhouse_settings: { no_such_setting: 1 } as never })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: "115", type: "UNKNOWN_SETTING" });
  });

  it("answers the formats the client reads", async () => {
    const query = "SELECT number AS n, toString(number) AS s FROM numbers(2)";
    // Unquoted 64-bit integers are the server default since 25.8; quoting stays a setting.
    expect(await (await client.query({ query, format: "JSONEachRow" })).json()).toEqual([
      { n: 0, s: "0" },
      { n: 1, s: "1" },
    ]);
    expect(
      await (
        await client.query({
          query,
          format: "JSONEachRow",
          clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
        })
      ).json(),
    ).toEqual([
      { n: "0", s: "0" },
      { n: "1", s: "1" },
    ]);
    expect(await (await client.query({ query, format: "JSONCompactEachRow" })).json()).toEqual([
      [0, "0"],
      [1, "1"],
    ]);
    const json = await (await client.query({ query, format: "JSON" })).json<{ n: number }>();
    expect(json.data).toEqual([
      { n: 0, s: "0" },
      { n: 1, s: "1" },
    ]);
    expect(json.meta).toEqual([
      { name: "n", type: "UInt64" },
      { name: "s", type: "String" },
    ]);
    const tsv = await client.query({ query, format: "TabSeparated" });
    expect(tsv.response_headers["x-clickhouse-format"]).toBe("TabSeparated");
    expect(await tsv.text()).toBe("0\t0\n1\t1\n");
    expect(await (await client.query({ query, format: "CSV" })).text()).toBe('0,"0"\n1,"1"\n');
  });

  it("inserts JSONEachRow with async_insert and wait_for_async_insert, visible at once, with a summary", async () => {
    await client.command({
      query:
        "CREATE TABLE IF NOT EXISTS probe (id UInt32, s String, tags Array(String), at DateTime64(6, 'UTC')) ENGINE = MergeTree ORDER BY id",
    });
    const rows = [
      { id: 1, s: "a; SELECT 1", tags: ["x"], at: "2026-11-23 18:06:47.455123" },
      { id: 2, s: "line\nbreak", tags: [], at: "2026-11-23 18:06:48.000001" },
    ];
    const inserted = await client.insert({
      table: "probe",
      values: rows,
      format: "JSONEachRow",
      clickhouse_settings: { async_insert: 1, wait_for_async_insert: 1 },
    });
    expect(inserted.summary).toMatchObject({ written_rows: "2" });
    expect(inserted.query_id).toMatch(/[0-9a-f-]{36}/);
    expect(
      await (
        await client.query({
          query: "SELECT id, s, tags, toString(at) AS at FROM probe ORDER BY id",
          format: "JSONEachRow",
        })
      ).json(),
    ).toEqual(rows);
    expect(front.requests.find((r) => r.query.startsWith("INSERT INTO probe"))?.settings).toMatchObject({
      async_insert: "1",
      wait_for_async_insert: "1",
    });
  });

  it("reads gzip request bodies and compresses answers when asked", async () => {
    const zipped = connect({ compression: { request: true, response: true } });
    await zipped.command({
      query: "CREATE TABLE IF NOT EXISTS zipped (id UInt32, s String) ENGINE = MergeTree ORDER BY id",
    });
    const rows = Array.from({ length: 500 }, (_, id) => ({ id, s: "compressible ".repeat(20) }));
    await zipped.insert({ table: "zipped", values: rows, format: "JSONEachRow" });
    const result = await zipped.query({
      query: "SELECT count() AS n, sum(length(s)) AS chars FROM zipped",
      format: "JSONEachRow",
    });
    expect(result.response_headers["content-encoding"]).toBe("gzip");
    expect(await result.json()).toEqual([{ n: 500, chars: 500 * 260 }]);
    await zipped.close();

    const raw = await fetch(`${front.url}/?enable_http_compression=1`, {
      method: "POST",
      body: "SELECT 'zipped' FORMAT TabSeparated",
      headers: {
        authorization: `Basic ${btoa(`${credentials.user}:${credentials.password}`)}`,
        "accept-encoding": "gzip",
      },
    });
    expect(raw.headers.get("content-encoding")).toBe("gzip");
  });

  it("sends parameters in a multipart body when the client chooses to", async () => {
    const multipart = connect({ use_multipart_params: true });
    const ids = Array.from({ length: 3000 }, (_, i) => `trace-${i}-${"f".repeat(24)}`);
    const [row] = await (
      await multipart.query({
        query: "SELECT length({ids:Array(String)}) AS n, {ids:Array(String)}[3000] AS last",
        query_params: { ids },
        format: "JSONEachRow",
      })
    ).json<{ n: number; last: string }>();
    expect(row).toEqual({ n: 3000, last: ids[2999] });
    await multipart.close();
  });

  it("refuses a URL over 1 MiB as a server does, and takes one under it", async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `${String(i).padStart(40, "0")}`);
    const query = "SELECT length({ids:Array(String)}) AS n";
    const [fits] = await (
      await client.query({ query, query_params: { ids: ids(15_000) }, format: "JSONEachRow" })
    ).json<{ n: number }>();
    expect(fits?.n).toBe(15_000);
    const tooLong = await client
      .query({ query, query_params: { ids: ids(25_000) }, format: "JSONEachRow" })
      .catch((e: unknown) => e);
    expect(tooLong).toMatchObject({ code: "1000", type: "POCO_EXCEPTION" });
    expect((tooLong as Error).message).toMatch(/URI too long/);
  });

  it("reports failures in ClickHouse's format, with the status and code header the client reads", async () => {
    const unknown = await client.query({ query: "SELECT * FROM no_such_table" }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ClickHouseError);
    expect(unknown).toMatchObject({ code: "60", type: "UNKNOWN_TABLE" });
    const auth = { authorization: `Basic ${btoa(`${credentials.user}:${credentials.password}`)}` };
    const syntax = await fetch(front.url, { method: "POST", body: "SELEC 1", headers: auth });
    expect(syntax.status).toBe(400);
    expect(syntax.headers.get("x-clickhouse-exception-code")).toBe("62");
    expect(await syntax.text()).toMatch(/^Code: 62\. DB::Exception: .*\(SYNTAX_ERROR\) \(version \d+\.\d+/s);
    const readOnly = await fetch(
      `${front.url}/?query=${encodeURIComponent("CREATE TABLE nope (a UInt8) ENGINE = Memory")}`,
      { headers: auth },
    );
    expect(readOnly.headers.get("x-clickhouse-exception-code")).toBe("164");
    const session = await fetch(`${front.url}/?session_id=s1`, { method: "POST", body: "SELECT 1", headers: auth });
    expect([session.status, session.headers.get("x-clickhouse-exception-code")]).toEqual([501, "48"]);
    const compressedError = await fetch(`${front.url}/?enable_http_compression=1`, {
      method: "POST",
      body: "SELECT * FROM no_such_table",
      headers: { ...auth, "accept-encoding": "gzip" },
    });
    expect(compressedError.status).toBe(404);
    expect(await compressedError.text()).toMatch(/UNKNOWN_TABLE/);
  });
});
