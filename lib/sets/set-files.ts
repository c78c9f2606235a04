import "server-only";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { ServiceError } from "@/lib/api/errors";
import { requirePermission, type ProjectContext } from "@/lib/auth/context";
import { appendItems, itemInput, itemsOf, ownedSet, type ItemInput } from "./regression-sets";

// A set's items as CSV or JSONL, and back. JSONL: one item per line, the fields of `itemInput`.
// CSV: the columns below; `input` holds the messages as JSON, or plain text for one user message.
// A bad line is refused with its number and field, and nothing of the file is stored.

export const SET_FORMATS = ["csv", "jsonl"] as const;
const COLUMNS = ["input", "model", "recorded_output", "expected_output", "label", "trace_id", "span_id"] as const;
export const MAX_IMPORT_BYTES = 20_000_000;

export const importInput = z.object({
  format: z.enum(SET_FORMATS),
  content: z.string().min(1, "is empty").max(MAX_IMPORT_BYTES),
});

export const exportQuery = z.object({
  format: z.enum(SET_FORMATS).default("jsonl"),
  version: z.coerce.number().int().min(0).optional(),
});

function messagesOf(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      /* plain text that opens with a bracket */
    }
  }
  return [{ role: "user", content: text }];
}

function records(format: (typeof SET_FORMATS)[number], content: string): Array<{ line: number; value: unknown }> {
  if (format === "jsonl")
    return content
      .split("\n")
      .map((text, i) => ({ line: i + 1, text: text.trim() }))
      .filter((r) => r.text !== "")
      .map(({ line, text }) => {
        try {
          return { line, value: JSON.parse(text) as unknown };
        } catch {
          throw new ServiceError("bad_request", `line ${line}: not JSON`, "content");
        }
      });
  let rows: Record<string, string>[];
  try {
    rows = parse(content, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  } catch (error) {
    throw new ServiceError("bad_request", `not CSV: ${(error as Error).message}`, "content");
  }
  return rows.map((r, i) => ({
    line: i + 2,
    value: {
      input: messagesOf(r.input ?? ""),
      model: r.model ?? "",
      recordedOutput: r.recorded_output ?? "",
      expectedOutput: r.expected_output || null,
      label: r.label || null,
      traceId: r.trace_id || null,
      spanId: r.span_id || null,
    },
  }));
}

export async function importItems({
  ctx,
  id,
  input,
}: {
  ctx: ProjectContext;
  id: string;
  input: z.infer<typeof importInput>;
}) {
  requirePermission(ctx, "experiments.run");
  const set = await ownedSet(ctx.projectId, id);
  const items: ItemInput[] = records(input.format, input.content).map(({ line, value }) => {
    const parsed = itemInput.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    throw new ServiceError("bad_request", `line ${line}: ${issue.path.join(".")}: ${issue.message}`, "content");
  });
  if (items.length === 0) throw new ServiceError("bad_request", "content: no items", "content");
  return appendItems(set, items);
}

export async function exportItems({
  ctx,
  id,
  format,
  version,
}: {
  ctx: ProjectContext;
  id: string;
  format: (typeof SET_FORMATS)[number];
  version?: number;
}): Promise<{ filename: string; contentType: string; body: string }> {
  requirePermission(ctx, "experiments.run");
  const set = await ownedSet(ctx.projectId, id);
  const at = version === undefined ? set.version : Math.min(Math.max(0, version), set.version);
  const items = await itemsOf(set, at);
  const filename = `${set.name.replace(/[^A-Za-z0-9._-]+/g, "_")}-v${at}.${format}`;
  if (format === "jsonl") {
    const lines = items.map(({ id: _id, addedIn: _added, ...item }) => JSON.stringify(item));
    return { filename, contentType: "application/x-ndjson", body: lines.length ? `${lines.join("\n")}\n` : "" };
  }
  const body = stringify(
    items.map((i) => [
      JSON.stringify(i.input),
      i.model,
      i.recordedOutput,
      i.expectedOutput ?? "",
      i.label ?? "",
      i.traceId ?? "",
      i.spanId ?? "",
    ]),
    { header: true, columns: [...COLUMNS] },
  );
  return { filename, contentType: "text/csv", body };
}
