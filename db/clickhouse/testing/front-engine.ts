import { createRequire } from "node:module";
import path from "node:path";
import { Session } from "chdb";

// The embedded engine behind the test double of the ClickHouse HTTP interface. Each HTTP
// request gets its own chdb connection to the shared data directory, so `USE` and `SET` last
// for that request only, as they do for a sessionless request to a server.

type NativeResult = { bytes: Uint8Array; elapsed: number; rowsRead: number; bytesRead: number };
type NativeBinding = {
  QueryAsyncConnection: (
    connection: unknown,
    query: string,
    format: string,
    params?: Record<string, string>,
  ) => Promise<NativeResult>;
};

// chdb's public bind API re-escapes string values, while the HTTP interface hands the engine
// the `param_*` text exactly as the client wrote it. The addon's own entry point takes that
// text as is, so the engine parses parameters exactly as a server does. (chdb's package
// exports hide the loader; it is reached by path, pinned by the exact chdb version.)
const requireHere = createRequire(import.meta.url);
const chdbRoot = path.dirname(requireHere.resolve("chdb/package.json"));
const native = (
  requireHere(path.join(chdbRoot, "dist", "loader.js")) as { loadNative: () => NativeBinding }
).loadNative();

// The bundled engine clobbers the parameter state of concurrent parameterized queries across
// connections (chdb serializes its own bind path for the same reason): those run one at a time.
let parameterized: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(run: () => Promise<T>): Promise<T> {
  const next = parameterized.then(run, run);
  parameterized = next.catch(() => undefined);
  return next;
}

// Where the embedded engine's defaults differ from a server's, requests get the server's:
// a bare expression is not a query there, and introspection functions are off.
const SERVER_DEFAULTS: Array<[string, string]> = [
  ["implicit_select", "0"],
  ["allow_introspection_functions", "0"],
];

export type EngineStatement = {
  database?: string;
  /** Setting name → value as text, applied with `SET` before the query (this request only). */
  settings: Array<[string, string]>;
  query: string;
  params: Record<string, string>;
  /** Output format when the query names none (`default_format`, else TabSeparated). */
  defaultFormat: string;
};

export type EngineResult = { body: Buffer; rowsRead: number; bytesRead: number; elapsedNs: number };

export class FrontEngine {
  private readonly root: Session;

  constructor(private readonly dataDir: string) {
    // Held open for the front's lifetime: it owns the process's one data directory.
    this.root = new Session(dataDir);
  }

  async run(statement: EngineStatement): Promise<EngineResult> {
    const session = new Session(this.dataDir);
    try {
      const exec = (query: string, params?: Record<string, string>) =>
        native.QueryAsyncConnection(session.connection, query, statement.defaultFormat, params);
      if (statement.database) await exec(`USE ${quoteIdentifier(statement.database)}`);
      const settings = [...SERVER_DEFAULTS, ...statement.settings];
      await exec(`SET ${settings.map(([name, value]) => `${name} = ${quoteString(value)}`).join(", ")}`);
      const hasParams = Object.keys(statement.params).length > 0;
      const result = hasParams
        ? await oneAtATime(() => exec(statement.query, statement.params))
        : await exec(statement.query);
      return {
        body: Buffer.from(result.bytes),
        rowsRead: result.rowsRead,
        bytesRead: result.bytesRead,
        elapsedNs: Math.round(result.elapsed * 1e9),
      };
    } finally {
      session.close();
    }
  }

  close(): void {
    this.root.close();
  }
}

const quoteIdentifier = (name: string) => `\`${name.replace(/[`\\]/g, (c) => `\\${c}`)}\``;
const quoteString = (text: string) => `'${text.replace(/['\\]/g, (c) => `\\${c}`)}'`;
