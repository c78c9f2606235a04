import { randomUUID } from "node:crypto";
import zlib from "node:zlib";
import type { EngineStatement } from "./front-engine";

// What the ClickHouse HTTP interface reads from a request (URL parameters, headers, body) and
// how it shapes an answer, for the test double in http-front.ts.

/** A failure the way ClickHouse reports it: `Code: N. DB::Exception: message. (TYPE)`. */
export class FrontException extends Error {
  constructor(
    readonly code: number,
    readonly type: string,
    message: string,
  ) {
    super(`Code: ${code}. DB::Exception: ${message}. (${type})`);
  }
}

// Handler parameters of the HTTP interface; every other URL parameter is a setting.
const HANDLER_PARAMS = new Set([
  "query",
  "query_id",
  "database",
  "default_format",
  "user",
  "password",
  "quota_key",
  "buffer_size",
  "wait_end_of_query",
  "stacktrace",
  "client_protocol_version",
]);
// Parts of the HTTP interface the double does not offer: refused, never silently ignored.
const NOT_OFFERED = [
  "session_id",
  "session_timeout",
  "session_check",
  "close_session",
  "role",
  "compress",
  "decompress",
];

export type Credentials = { user: string; password: string };

export type FrontPlan = {
  statement: EngineStatement;
  queryId: string;
  /** The format of the answer: the query's own FORMAT clause, else the default. */
  outputFormat: string;
  /** Rows the request body carried for an INSERT in a line-delimited format (for the summary). */
  insertedRows: number;
  /** `enable_http_compression=1`: the answer may be compressed as the client accepts. */
  httpCompression: boolean;
  /** `INSERT INTO t (columns) FORMAT RowBinary` in the URL: the body is binary rows, not query text. */
  rowBinary?: { table: string; columns: string[]; data: Buffer };
};

export function credentialsOf(url: URL, headers: Record<string, string | string[] | undefined>): Credentials {
  const header = (name: string) => (typeof headers[name] === "string" ? (headers[name] as string) : undefined);
  const basic = /^Basic\s+(.+)$/i.exec(header("authorization") ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon < 0
      ? { user: decoded, password: "" }
      : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return {
    user: header("x-clickhouse-user") ?? url.searchParams.get("user") ?? "default",
    password: header("x-clickhouse-key") ?? url.searchParams.get("password") ?? "",
  };
}

export function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  if (!encoding || encoding === "identity") return body;
  try {
    if (encoding === "gzip" || encoding === "x-gzip") return zlib.gunzipSync(body);
    if (encoding === "deflate") return zlib.inflateSync(body);
    if (encoding === "br") return zlib.brotliDecompressSync(body);
  } catch (error) {
    throw new FrontException(
      271,
      "CANNOT_DECOMPRESS",
      `Cannot decompress the ${encoding} request body: ${(error as Error).message}`,
    );
  }
  throw new FrontException(
    48,
    "NOT_IMPLEMENTED",
    `The test double of the HTTP interface does not decode Content-Encoding ${encoding}`,
  );
}

/** The query text and bound parameters of a request: URL `query` + body, or multipart parts. */
function queryAndParams(
  url: URL,
  body: Buffer,
  contentType: string | undefined,
): { query: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  for (const [name, value] of url.searchParams) if (name.startsWith("param_")) params[name.slice(6)] = value;
  const boundary = /^multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(contentType ?? "")?.[2];
  if (boundary) {
    let query = url.searchParams.get("query") ?? "";
    for (const [name, value] of multipartParts(body.toString("utf8"), boundary)) {
      if (name === "query") query = value;
      else if (name.startsWith("param_")) params[name.slice(6)] = value;
    }
    return { query, params };
  }
  const inUrl = url.searchParams.get("query");
  const text = body.toString("utf8");
  // As on a server, the URL's query comes first and the body follows it (an INSERT's data).
  const query = inUrl === null ? text : text.length > 0 ? `${inUrl}\n${text}` : inUrl;
  return { query, params };
}

function multipartParts(body: string, boundary: string): Array<[string, string]> {
  const parts: Array<[string, string]> = [];
  for (const chunk of body.split(`--${boundary}`)) {
    const headerEnd = chunk.indexOf("\r\n\r\n");
    if (headerEnd < 0) continue;
    const name = /name="([^"]+)"/.exec(chunk.slice(0, headerEnd))?.[1];
    if (name) parts.push([name, chunk.slice(headerEnd + 4).replace(/\r\n$/, "")]);
  }
  return parts;
}

const FORMAT_CLAUSE = /\bFORMAT\s+([A-Za-z][A-Za-z0-9]*)\s*;?\s*$/i;
const LINE_FORMATS = /^(JSONEachRow|JSONCompactEachRow|JSONStringsEachRow|TabSeparated|TSV|CSV|JSONLines|NDJSON)$/i;

function insertedRowCount(query: string): number {
  const head = /^\s*INSERT\s+INTO\s+[^\n]*?\bFORMAT\s+(\w+)\s*\n/i.exec(query);
  if (!head || !LINE_FORMATS.test(head[1]!)) return 0;
  return query
    .slice(head[0].length)
    .split("\n")
    .filter((line) => line.trim().length > 0).length;
}

export function planRequest(method: string, url: URL, body: Buffer, contentType: string | undefined): FrontPlan {
  for (const name of NOT_OFFERED) {
    if (
      url.searchParams.has(name) &&
      !(["compress", "decompress"].includes(name) && url.searchParams.get(name) === "0")
    ) {
      throw new FrontException(48, "NOT_IMPLEMENTED", `The test double of the HTTP interface does not offer '${name}'`);
    }
  }
  const rowBinary = rowBinaryInsert(url.searchParams.get("query"), body);
  const { query, params } = rowBinary
    ? { query: url.searchParams.get("query")!, params: {} }
    : queryAndParams(url, body, contentType);
  if (query.trim().length === 0) throw new FrontException(62, "SYNTAX_ERROR", "Empty query");
  const settings: Array<[string, string]> = [];
  for (const [name, value] of url.searchParams) {
    if (HANDLER_PARAMS.has(name) || name.startsWith("param_") || NOT_OFFERED.includes(name)) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new FrontException(115, "UNKNOWN_SETTING", `Unknown setting '${name}'`);
    settings.push([name, value]);
  }
  // A GET may only read (and change settings), as on a server.
  if (method === "GET") settings.push(["readonly", "2"]);
  const defaultFormat = url.searchParams.get("default_format") ?? "TabSeparated";
  const isInsert = /^\s*INSERT\b/i.test(query);
  const outputFormat = (!isInsert && FORMAT_CLAUSE.exec(query)?.[1]) || defaultFormat;
  return {
    statement: { database: url.searchParams.get("database") ?? undefined, settings, query, params, defaultFormat },
    queryId: url.searchParams.get("query_id") || randomUUID(),
    outputFormat,
    insertedRows: isInsert ? insertedRowCount(query) : 0,
    httpCompression: settings.some(([name, value]) => name === "enable_http_compression" && value !== "0"),
    rowBinary,
  };
}

const ROW_BINARY_INSERT = /^\s*INSERT\s+INTO\s+(`[^`]+`|\w+)\s*\(([^)]*)\)\s*FORMAT\s+RowBinary\s*$/i;
const unquote = (name: string) => name.trim().replace(/^`(.*)`$/, "$1");

function rowBinaryInsert(query: string | null, body: Buffer): FrontPlan["rowBinary"] {
  const match = query ? ROW_BINARY_INSERT.exec(query) : null;
  if (!match) return undefined;
  return { table: unquote(match[1]!), columns: match[2]!.split(",").map(unquote), data: body };
}

// The status the HTTP interface gives each kind of exception (by its type name); others are 500.
const STATUS_BY_TYPE: Array<[number, string[]]> = [
  [401, ["REQUIRED_PASSWORD"]],
  [403, ["UNKNOWN_USER", "WRONG_PASSWORD", "AUTHENTICATION_FAILED", "SET_NON_GRANTED_ROLE", "ACCESS_DENIED"]],
  [
    400,
    [
      "BAD_ARGUMENTS",
      "CANNOT_COMPILE_REGEXP",
      "CANNOT_PARSE_TEXT",
      "CANNOT_PARSE_ESCAPE_SEQUENCE",
      "CANNOT_PARSE_QUOTED_STRING",
      "CANNOT_PARSE_DATE",
      "CANNOT_PARSE_DATETIME",
      "CANNOT_PARSE_NUMBER",
      "CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING",
      "CANNOT_PARSE_IPV4",
      "CANNOT_PARSE_IPV6",
      "CANNOT_PARSE_INPUT_ASSERTION_FAILED",
      "CANNOT_PARSE_UUID",
      "DUPLICATE_COLUMN",
      "ILLEGAL_COLUMN",
      "UNKNOWN_ELEMENT_IN_AST",
      "UNKNOWN_TYPE_OF_AST_NODE",
      "THERE_IS_NO_COLUMN",
      "TOO_DEEP_AST",
      "TOO_BIG_AST",
      "UNEXPECTED_AST_STRUCTURE",
      "SYNTAX_ERROR",
      "INCORRECT_DATA",
      "TYPE_MISMATCH",
      "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE",
    ],
  ],
  [
    404,
    [
      "UNKNOWN_TABLE",
      "UNKNOWN_FUNCTION",
      "UNKNOWN_IDENTIFIER",
      "UNKNOWN_TYPE",
      "UNKNOWN_STORAGE",
      "UNKNOWN_DATABASE",
      "UNKNOWN_SETTING",
      "UNKNOWN_DIRECTION_OF_SORTING",
      "UNKNOWN_AGGREGATE_FUNCTION",
      "UNKNOWN_FORMAT",
      "UNKNOWN_DATABASE_ENGINE",
      "UNKNOWN_TYPE_OF_QUERY",
      "UNKNOWN_ROLE",
    ],
  ],
  [413, ["QUERY_IS_TOO_LARGE"]],
  [501, ["NOT_IMPLEMENTED"]],
  [503, ["SOCKET_TIMEOUT", "CANNOT_OPEN_FILE", "CANNOT_SCHEDULE_TASK"]],
  [408, ["TIMEOUT_EXCEEDED"]],
  [411, ["HTTP_LENGTH_REQUIRED"]],
  [415, ["UNSUPPORTED_MEDIA_TYPE"]],
];

export type FrontError = { status: number; code: number; body: string };

/** Any failure as the HTTP interface answers it: status by type, code header, message body. */
export function frontError(error: unknown, version: string): FrontError {
  const message = error instanceof Error ? error.message : String(error);
  const parsed = /Code: (\d+)\..*\(([A-Z0-9_]+)\)\s*$/s.exec(message);
  const code = parsed ? Number(parsed[1]) : 1001;
  const type = parsed?.[2] ?? "STD_EXCEPTION";
  const text = parsed ? message : `Code: 1001. DB::Exception: ${message}. (STD_EXCEPTION)`;
  const status = STATUS_BY_TYPE.find(([, types]) => types.includes(type))?.[0] ?? 500;
  return { status, code, body: `${text} (version ${version})\n` };
}

export function contentTypeOf(format: string): string {
  if (/^JSON(Compact)?(Strings)?$/i.test(format)) return "application/json; charset=UTF-8";
  if (/EachRow|^JSONLines$|^NDJSON$/i.test(format)) return "application/x-ndjson; charset=UTF-8";
  if (/^(TabSeparated|TSV)/i.test(format)) return "text/tab-separated-values; charset=UTF-8";
  if (/^CSV/i.test(format)) return "text/csv; charset=UTF-8; header=absent";
  return "text/plain; charset=UTF-8";
}

/** Compresses an answer with the first encoding the client accepts that the double offers. */
export function encodeAnswer(body: Buffer, acceptEncoding: string | undefined): { body: Buffer; encoding?: string } {
  const accepted = (acceptEncoding ?? "").split(",").map((part) => part.trim().split(";")[0]!.toLowerCase());
  if (accepted.includes("gzip")) return { body: zlib.gzipSync(body), encoding: "gzip" };
  if (accepted.includes("br")) return { body: zlib.brotliCompressSync(body), encoding: "br" };
  if (accepted.includes("deflate")) return { body: zlib.deflateSync(body), encoding: "deflate" };
  return { body };
}
