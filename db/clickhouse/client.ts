import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createClient, type ClickHouseClient, type ClickHouseSettings } from "@clickhouse/client";
import { createChdbConnection } from "chdb/connection";
import { env, type AppEnv } from "@/lib/config/env";
import { Readable } from "node:stream";
import { columnCodec, encodeRowBinary, type ColumnCodec } from "./row-binary";

export type { ClickHouseClient, ClickHouseSettings };
export { ClickHouseError } from "@clickhouse/client";

export type ClickHouseMode = "embedded" | "server";

/** The columns of RowBinary data, in order: name and the type the bytes were written in. */
export type RowBinaryColumns = ReadonlyArray<readonly [name: string, type: string]>;

export type ClickHouseHandle = {
  client: ClickHouseClient;
  mode: ClickHouseMode;
  /**
   * Inserts rows (objects with the same keys) by the fastest path the mode has. With a
   * `dedupToken`, the engine drops the insert if a block with that token was committed already
   * (the ingest log's replay); without one, deduplication is off for it.
   */
  insertRows: (table: string, rows: object[], dedupToken?: string) => Promise<void>;
  /** Inserts rows already encoded as RowBinary of `columns` (the ingest log's span records). */
  insertRowBinary: (table: string, columns: RowBinaryColumns, body: Buffer, dedupToken?: string) => Promise<void>;
};

/**
 * Deduplication settings of an insert: its token, or a token of its own when it has none, so
 * that it is never taken for a copy. Measured on chdb 3.4: `insert_deduplicate = 0` still
 * dropped an identical VALUES insert into a table with a window, and the connection keeps the
 * last query's settings, so an insert that set no token would inherit the previous one's. The
 * views' target tables deduplicate too, so that a replay completes a view whose block a crash
 * lost without doubling the others (db/clickhouse/dedup.test.ts).
 */
export function dedupSettings(dedupToken: string | undefined): ClickHouseSettings {
  return {
    insert_deduplicate: 1,
    insert_deduplication_token: dedupToken ?? `once:${randomUUID()}`,
    deduplicate_blocks_in_dependent_materialized_views: 1,
  };
}

// Server mode: batched by the server across replicas (async_insert); a 2xx still means
// written. Embedded: rows go to the engine as RowBinary in a file the insert reads
// (`INSERT ... SELECT FROM file()`), which it parses at close to copy speed; chdb's raw insert
// only takes text formats, and JSONEachRow parsing cost more than the insert itself.
const SERVER_INSERT_SETTINGS: ClickHouseSettings = { async_insert: 1, wait_for_async_insert: 1 };

// The writer already drops duplicate spans and sums usage rows per key before it inserts, so
// the engine's merge of each inserted block (for spans also its views' blocks) only costs: 3 to
// 18 % of the CPU of a 2,000-row span insert. Scores keep it, so that two results for the same
// key in one batch resolve to the later one, as a merge would.
const NO_BLOCK_MERGE: ClickHouseSettings = { optimize_on_insert: 0 };
export const insertSettings = (table: string): ClickHouseSettings =>
  table === "spans" || table === "usage_hourly" ? NO_BLOCK_MERGE : {};

type ChdbClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>["connection"]>;

// 64-bit integers come back as JSON numbers in both modes, so callers see one shape.
const readSettings: ClickHouseSettings = { output_format_json_quote_64bit_integers: 0 };

function embeddedClient(dataDir: string): Omit<ClickHouseHandle, "mode"> {
  const dir = path.join(dataDir, "clickhouse");
  fs.mkdirSync(dir, { recursive: true });
  // The embedded engine ignores `database`; it works in `default`, which it owns alone.
  // chdb types the connection against its own copy of client-common; the shapes match.
  const connection = createChdbConnection({ path: dir });
  const client = createClient({
    connection: connection as unknown as ChdbClientConnection,
    clickhouse_settings: readSettings,
  });
  const inserts = new FileInserts(client, path.join(dataDir, "clickhouse-inserts"));
  return {
    client,
    insertRows: (table, rows, dedupToken) => inserts.insert(table, rows, dedupToken),
    insertRowBinary: (table, columns, body, dedupToken) => inserts.insertBinary(table, columns, body, dedupToken),
  };
}

/** Inserts through a RowBinary file per batch; the file is removed once the insert returns. */
class FileInserts {
  private readonly columns = new Map<string, Promise<ColumnCodec[]>>();
  private readonly shapes = new Map<string, { present: ColumnCodec[]; structure: string }>();
  private readonly structures = new Map<string, string>();
  private readonly dir: string;
  private sequence = 0;

  constructor(
    private readonly client: ClickHouseClient,
    parent: string,
  ) {
    // One folder per process; folders of processes that are gone (a crash mid-insert) are removed.
    fs.mkdirSync(parent, { recursive: true });
    for (const name of fs.readdirSync(parent)) {
      if (!isLiveProcess(Number(name))) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
    }
    this.dir = path.join(parent, String(process.pid));
    fs.mkdirSync(this.dir, { recursive: true });
  }

  private tableColumns(table: string): Promise<ColumnCodec[]> {
    let found = this.columns.get(table);
    if (!found) {
      found = this.client
        .query({
          query:
            "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String} AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY position",
          query_params: { table },
          format: "JSONEachRow",
        })
        .then((result) => result.json<{ name: string; type: string }>())
        .then((list) => {
          if (list.length === 0) throw new Error(`Table ${table} does not exist`);
          return list.map((c) => columnCodec(c.name, c.type));
        });
      found.catch(() => this.columns.delete(table));
      this.columns.set(table, found);
    }
    return found;
  }

  /** The table's columns that rows of this shape carry; the ones left out take their DEFAULT (ingested_at, written_at). */
  private presentColumns(table: string, columns: ColumnCodec[], row: object) {
    const present = columns.filter((c) => c.name in row);
    const key = `${table}\u0000${present.map((c) => c.name).join(",")}`;
    let shape = this.shapes.get(key);
    if (!shape) {
      shape = { present, structure: structureOf(present) };
      this.shapes.set(key, shape);
    }
    return shape;
  }

  async insert(table: string, rows: object[], dedupToken?: string): Promise<void> {
    if (rows.length === 0) return;
    const { present, structure } = this.presentColumns(table, await this.tableColumns(table), rows[0]!);
    await this.insertFile(table, present, structure, encodeRowBinary(rows, present), dedupToken);
  }

  async insertBinary(table: string, columns: RowBinaryColumns, body: Buffer, dedupToken?: string): Promise<void> {
    if (body.length === 0) return;
    // The file is read with the types it was written in; the insert converts to the table's.
    const present = columns.map(([name, type]) => ({ name, type }));
    const key = present.map((c) => `${c.name} ${c.type}`).join(",");
    let structure = this.structures.get(key);
    if (structure === undefined) {
      structure = structureOf(present);
      this.structures.set(key, structure);
    }
    await this.insertFile(table, present, structure, body, dedupToken);
  }

  private async insertFile(
    table: string,
    present: ReadonlyArray<{ name: string; type: string }>,
    structure: string,
    body: Buffer,
    dedupToken: string | undefined,
  ): Promise<void> {
    const file = path.join(this.dir, `${++this.sequence}.rowbinary`);
    await fs.promises.writeFile(file, body);
    try {
      await this.client.command({
        query: `INSERT INTO ${quoteIdentifier(table)} (${present.map((c) => quoteIdentifier(c.name)).join(", ")}) SELECT * FROM file(${quoteString(file)}, 'RowBinary', ${quoteString(structure)})`,
        clickhouse_settings: { ...insertSettings(table), ...dedupSettings(dedupToken) },
      });
    } finally {
      await fs.promises.rm(file, { force: true });
    }
  }
}

function isLiveProcess(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const structureOf = (columns: ReadonlyArray<{ name: string; type: string }>) =>
  columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(", ");
const quoteIdentifier = (name: string) => `\`${name.replace(/[`\\]/g, (c) => `\\${c}`)}\``;
const quoteString = (text: string) => `'${text.replace(/['\\]/g, (c) => `\\${c}`)}'`;

function serverClient(config: AppEnv["clickhouse"], database: string): ClickHouseClient {
  return createClient({
    url: config.url,
    username: config.user ?? "default",
    password: config.password ?? "",
    database,
    clickhouse_settings: readSettings,
    request_timeout: 60_000,
  });
}

async function openClickHouse(config: AppEnv): Promise<ClickHouseHandle> {
  if (!config.clickhouse.url) {
    return { ...embeddedClient(config.dataDir), mode: "embedded" };
  }
  const { database, cluster } = config.clickhouse;
  const admin = serverClient(config.clickhouse, "default");
  try {
    const onCluster = cluster ? ` ON CLUSTER \`${cluster}\`` : "";
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS \`${database}\`${onCluster}` });
  } finally {
    await admin.close();
  }
  const client = serverClient(config.clickhouse, database);
  const inserts = new JsonInserts(client);
  return {
    client,
    mode: "server",
    insertRows: (table, rows, dedupToken) => inserts.insert(table, rows, dedupToken),
    insertRowBinary: (table, columns, body, dedupToken) => inserts.insertBinary(table, columns, body, dedupToken),
  };
}

/**
 * Server mode's inserts: JSONEachRow, after the rows pass the embedded mode's RowBinary
 * encoder for the columns the batch carries, so both modes refuse the same rows (a missing
 * non-Nullable value, a number its column cannot hold). JSONEachRow alone would default the
 * one and wrap the other, and a row-building bug would pass unseen in one mode only.
 */
class JsonInserts {
  private readonly required = new Map<string, Promise<Map<string, string>>>();

  constructor(private readonly client: ClickHouseClient) {}

  private columnTypes(table: string): Promise<Map<string, string>> {
    let found = this.required.get(table);
    if (!found) {
      found = this.client
        .query({
          query:
            "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {table:String} AND default_kind NOT IN ('MATERIALIZED', 'ALIAS')",
          query_params: { table },
          format: "JSONEachRow",
        })
        .then((result) => result.json<{ name: string; type: string }>())
        .then((list) => {
          if (list.length === 0) throw new Error(`Table ${table} does not exist`);
          return new Map(list.map((c) => [c.name, c.type]));
        });
      found.catch(() => this.required.delete(table));
      this.required.set(table, found);
    }
    return found;
  }

  async insert(table: string, rows: object[], dedupToken?: string): Promise<void> {
    if (rows.length === 0) return;
    const types = await this.columnTypes(table);
    const carried = Object.keys(rows[0]!).filter((name) => types.has(name));
    encodeRowBinary(
      rows,
      carried.map((name) => columnCodec(name, types.get(name)!)),
    );
    // A token's insert is a batch already (the ingest log's applier) and must be deduplicated
    // by its token, which asynchronous inserts do not do: it goes synchronously.
    const mode: ClickHouseSettings = dedupToken ? { async_insert: 0 } : SERVER_INSERT_SETTINGS;
    await this.client.insert({
      table,
      values: rows,
      format: "JSONEachRow",
      clickhouse_settings: { ...mode, ...insertSettings(table), ...dedupSettings(dedupToken) },
    });
  }

  /** RowBinary as it is: the server parses the format natively. */
  async insertBinary(table: string, columns: RowBinaryColumns, body: Buffer, dedupToken?: string): Promise<void> {
    if (body.length === 0) return;
    const mode: ClickHouseSettings = dedupToken ? { async_insert: 0 } : SERVER_INSERT_SETTINGS;
    const result = await this.client.exec({
      query: `INSERT INTO ${quoteIdentifier(table)} (${columns.map(([name]) => quoteIdentifier(name)).join(", ")}) FORMAT RowBinary`,
      values: Readable.from([body]),
      clickhouse_settings: { ...mode, ...insertSettings(table), ...dedupSettings(dedupToken) },
    });
    // The answer of an INSERT is empty; reading it to the end frees the connection.
    for await (const chunk of result.stream) void chunk;
  }
}

// chdb binds one data directory per process: keep one handle on globalThis so that
// Next.js dev reloads and every route reuse it.
const holder = globalThis as unknown as { __clickhouse?: Promise<ClickHouseHandle> };

export function clickhouse(): Promise<ClickHouseHandle> {
  holder.__clickhouse ??= openClickHouse(env()).catch((error: unknown) => {
    holder.__clickhouse = undefined;
    throw error;
  });
  return holder.__clickhouse;
}

export async function closeClickHouse(): Promise<void> {
  const pending = holder.__clickhouse;
  holder.__clickhouse = undefined;
  if (pending) await (await pending).client.close();
}
