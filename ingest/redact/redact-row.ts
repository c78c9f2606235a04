import { PAYLOAD_REF, type SpanRow } from "@/lib/domain/span/span-row";
import type { Redactor, Tally } from "./redactor";

/** `observatory.redacted.count` holds the total; `observatory.redacted.<kind>` each kind's. */
export const REDACTED_PREFIX = "observatory.redacted.";
export const REDACTED_COUNT_KEY = `${REDACTED_PREFIX}count`;

const SPAN_TEXT_COLUMNS = [
  "input",
  "output",
  "tool_arguments",
  "tool_result",
  "documents",
  "events",
  "status_message",
  "exception_message",
] as const;

function redactMap(redactor: Redactor, map: Record<string, string>, tally: Tally): void {
  for (const key in map) {
    const value = map[key]!;
    // A reference to a payload column: the column itself is redacted.
    if (value.startsWith(PAYLOAD_REF)) continue;
    // Counts are ours to write: a sender's own would claim masking that never happened.
    if (key.startsWith(REDACTED_PREFIX)) {
      delete map[key];
      continue;
    }
    const redacted = redactor.redact(value, tally);
    if (redacted !== value) map[key] = redacted;
  }
}

function recordCounts(attributes: Record<string, string>, tally: Tally): number {
  let total = 0;
  for (const kind in tally) {
    attributes[`${REDACTED_PREFIX}${kind}`] = String(tally[kind]);
    total += tally[kind]!;
  }
  if (total) attributes[REDACTED_COUNT_KEY] = String(total);
  return total;
}

/** Masks payloads, messages and attribute values of a normalized span in place; answers how many matches. */
export function redactSpanRow(row: SpanRow, redactor: Redactor): number {
  if (!redactor.active) return 0;
  const tally: Tally = {};
  for (const column of SPAN_TEXT_COLUMNS) {
    const value = row[column];
    if (value) row[column] = redactor.redact(value, tally);
  }
  redactMap(redactor, row.attributes, tally);
  redactMap(redactor, row.resource_attributes, tally);
  return recordCounts(row.attributes, tally);
}

/**
 * Masks a log record's body and attribute values (the maps in place) and answers the body; the
 * count goes into its attributes. Runs before the record's hash, so no digest of a secret is kept.
 */
export function redactLogParts(
  redactor: Redactor,
  body: string,
  attributes: Record<string, string>,
  resource: Record<string, string>,
): string {
  if (!redactor.active) return body;
  const tally: Tally = {};
  const redacted = body ? redactor.redact(body, tally) : body;
  redactMap(redactor, attributes, tally);
  redactMap(redactor, resource, tally);
  recordCounts(attributes, tally);
  return redacted;
}
