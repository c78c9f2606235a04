import { parse } from "csv-parse/sync";
import { ServiceError } from "@/lib/api/errors";

// The finance uploads (revenue, budgets) share one shape: a CSV with a required header, rows
// checked one by one, and all rows or none applied.

/** The CSV's records by header name; a parse error or a missing column is a 400 naming it. */
export function csvRecords(text: string, columns: readonly string[]): Record<string, string>[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new ServiceError("bad_request", `CSV: ${(error as Error).message}`, "body");
  }
  const header = (text.split(/\r?\n/, 1)[0] ?? "").split(",").map((h) => h.trim().replace(/^\uFEFF/, ""));
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length)
    throw new ServiceError(
      "bad_request",
      `CSV header must be ${columns.join(",")}; missing ${missing.join(", ")}`,
      missing[0],
    );
  return records;
}

/** A number cell: empty is NaN (refused by the row's schema), not 0. */
export const csvNumber = (cell: string | undefined) => (cell?.trim() === "" ? Number.NaN : Number(cell));

/** All or nothing: the first rejected row refuses the upload, with every rejected row in the answer. */
export function refuseIfRejected(rejected: Array<{ row: number; field: string; error: string }>): void {
  if (rejected.length === 0) return;
  const first = rejected[0]!;
  throw new ServiceError("bad_request", `row ${first.row}, ${first.field}: ${first.error}`, first.field, { rejected });
}
