import { stringify } from "csv-stringify/sync";

/** A CSV download: header from the first row's keys, quoted where needed by csv-stringify. */
export function csvResponse(
  rows: Array<Record<string, string | number>>,
  filename: string,
  columns?: string[],
): Response {
  const text = stringify(rows, { header: true, columns: columns ?? Object.keys(rows[0] ?? {}) });
  return new Response(text, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
    },
  });
}
