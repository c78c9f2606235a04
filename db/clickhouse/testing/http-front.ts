import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { FrontEngine, type EngineStatement } from "./front-engine";
import {
  contentTypeOf,
  credentialsOf,
  decodeBody,
  encodeAnswer,
  frontError,
  FrontException,
  planRequest,
  type Credentials,
  type FrontPlan,
} from "./front-protocol";

// A test double of the ClickHouse HTTP interface over the embedded engine (chdb), so that the
// app's server mode (`CLICKHOUSE_URL`, `@clickhouse/client` over HTTP) runs in tests on
// machines where no ClickHouse server can be installed. It is not a ClickHouse server: see
// ARCHITECTURE.md ("Server mode in tests") for what it does not emulate.

export type FrontRequestRecord = {
  method: string;
  query: string;
  settings: Record<string, string>;
  database?: string;
  status: number;
  urlBytes: number;
};

export type ClickHouseFront = {
  url: string;
  port: number;
  /** The requests answered so far (query text cut to 500 characters), oldest first. */
  requests: FrontRequestRecord[];
  close: () => Promise<void>;
};

export type FrontOptions = {
  /** The engine's data directory; this process must not open chdb anywhere else. */
  dataDir: string;
  port?: number;
  host?: string;
  credentials?: Credentials;
};

const holder = globalThis as { __clickhouseFront?: ClickHouseFront };
/** The front lib/testing/setup.ts started for this test file in server mode, if any. */
export const testFront = (): ClickHouseFront | undefined => holder.__clickhouseFront;
export const setTestFront = (front: ClickHouseFront | undefined): void => {
  holder.__clickhouseFront = front;
};

// ClickHouse's defaults: URLs up to 1 MiB (http_max_uri_size), keep-alive 10 s.
const MAX_URI_BYTES = 1024 * 1024;
const KEEP_ALIVE_MS = 10_000;
const KEPT_RECORDS = 5_000;

export async function startClickHouseFront(options: FrontOptions): Promise<ClickHouseFront> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const engine = new FrontEngine(options.dataDir);
  const expected = options.credentials ?? { user: "default", password: "" };
  const [{ version }] = JSON.parse(
    (
      await engine.run({
        settings: [],
        query: "SELECT version() AS version FORMAT JSON",
        params: {},
        defaultFormat: "JSON",
      })
    ).body.toString(),
  ).data as [{ version: string }];
  const requests: FrontRequestRecord[] = [];

  // Node's own header limit sits far above the server's URI limit, so an over-long URL gets
  // the server's answer rather than Node's bare 431.
  const server = http.createServer({ maxHeaderSize: 64 * MAX_URI_BYTES }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void answer(req, Buffer.concat(chunks)).then(
        ({ status, headers, body }) => {
          res.writeHead(status, headers);
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(500, { "Content-Type": "text/plain; charset=UTF-8" });
          res.end(`front failure: ${(error as Error).message}\n`);
        },
      );
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;

  type Answer = { status: number; headers: Record<string, string>; body: Buffer | string };

  async function answer(req: http.IncomingMessage, raw: Buffer): Promise<Answer> {
    const url = new URL(req.url ?? "/", "http://front");
    const base = { "X-ClickHouse-Server-Display-Name": "chdb-http-front", "X-ClickHouse-Timezone": "UTC" };
    if ((req.url ?? "").length > MAX_URI_BYTES) {
      const failure = frontError(
        new FrontException(
          1000,
          "POCO_EXCEPTION",
          `URI too long: ${(req.url ?? "").length} bytes, more than http_max_uri_size (${MAX_URI_BYTES})`,
        ),
        version,
      );
      return {
        status: 400,
        headers: {
          ...base,
          "Content-Type": "text/plain; charset=UTF-8",
          "X-ClickHouse-Exception-Code": String(failure.code),
        },
        body: failure.body,
      };
    }
    if (url.pathname === "/ping" || (url.pathname === "/" && req.method === "GET" && !url.searchParams.has("query"))) {
      return { status: 200, headers: { ...base, "Content-Type": "text/html; charset=UTF-8" }, body: "Ok.\n" };
    }
    if (url.pathname !== "/")
      return {
        status: 404,
        headers: { "Content-Type": "text/plain" },
        body: `There is no handle ${url.pathname}\n\nUse / or /ping for health checks.\n`,
      };
    let record: FrontRequestRecord | undefined;
    try {
      const given = credentialsOf(url, req.headers);
      if (given.user !== expected.user || given.password !== expected.password) {
        throw new FrontException(
          516,
          "AUTHENTICATION_FAILED",
          `${given.user}: Authentication failed: password is incorrect, or there is no user with such name`,
        );
      }
      const body = decodeBody(raw, req.headers["content-encoding"]);
      const plan = planRequest(req.method ?? "POST", url, body, req.headers["content-type"]);
      record = {
        method: req.method ?? "POST",
        query: plan.statement.query.slice(0, 500),
        settings: Object.fromEntries(plan.statement.settings),
        database: plan.statement.database,
        status: 200,
        urlBytes: (req.url ?? "").length,
      };
      const result = plan.rowBinary
        ? await insertRowBinary(engine, options.dataDir, plan.statement, plan.rowBinary)
        : await engine.run(plan.statement);
      const summary = {
        read_rows: String(result.rowsRead),
        read_bytes: String(result.bytesRead),
        written_rows: String(plan.insertedRows),
        written_bytes: String(plan.insertedRows > 0 ? body.length : 0),
        total_rows_to_read: String(result.rowsRead),
        result_rows: String(plan.insertedRows > 0 ? 0 : result.rowsRead),
        result_bytes: String(plan.insertedRows > 0 ? 0 : result.body.length),
        elapsed_ns: String(result.elapsedNs),
      };
      const encoded = plan.httpCompression
        ? encodeAnswer(result.body, req.headers["accept-encoding"])
        : { body: result.body };
      return {
        status: 200,
        headers: {
          ...base,
          "Content-Type": contentTypeOf(plan.outputFormat),
          "X-ClickHouse-Query-Id": plan.queryId,
          "X-ClickHouse-Format": plan.outputFormat,
          "X-ClickHouse-Summary": JSON.stringify(summary),
          ...(encoded.encoding ? { "Content-Encoding": encoded.encoding, Vary: "Accept-Encoding" } : {}),
        },
        body: encoded.body,
      };
    } catch (error) {
      const failure = frontError(error, version);
      if (record) record.status = failure.status;
      return {
        status: failure.status,
        headers: {
          ...base,
          "Content-Type": "text/plain; charset=UTF-8",
          "X-ClickHouse-Exception-Code": String(failure.code),
        },
        body: failure.body,
      };
    } finally {
      if (record) {
        requests.push(record);
        if (requests.length > KEPT_RECORDS) requests.shift();
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      engine.close();
    },
  };
}

let rowBinaryFiles = 0;

/**
 * A RowBinary insert: chdb takes binary input only from a file, so the body becomes one and the
 * insert reads it with the table's types for the named columns, as a server parses the format.
 */
async function insertRowBinary(
  engine: FrontEngine,
  dataDir: string,
  statement: EngineStatement,
  rows: NonNullable<FrontPlan["rowBinary"]>,
) {
  const types = await engine.run({
    ...statement,
    query: `SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = '${rows.table.replace(/['\\]/g, "\\$&")}' FORMAT JSONEachRow`,
  });
  const typeOf = new Map(
    types.body
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { name: string; type: string })
      .map((c) => [c.name, c.type]),
  );
  const missing = rows.columns.find((name) => !typeOf.has(name));
  if (missing)
    throw new FrontException(16, "NO_SUCH_COLUMN_IN_TABLE", `No such column ${missing} in table ${rows.table}`);
  const dir = path.join(dataDir, "front-row-binary");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-${++rowBinaryFiles}.rowbinary`);
  fs.writeFileSync(file, rows.data);
  try {
    const quote = (text: string) => `'${text.replace(/['\\]/g, "\\$&")}'`;
    const names = rows.columns.map((name) => `\`${name}\``).join(", ");
    const structure = rows.columns.map((name) => `\`${name}\` ${typeOf.get(name)}`).join(", ");
    return await engine.run({
      ...statement,
      query: `INSERT INTO \`${rows.table}\` (${names}) SELECT * FROM file(${quote(file)}, 'RowBinary', ${quote(structure)})`,
    });
  } finally {
    fs.rmSync(file, { force: true });
  }
}
